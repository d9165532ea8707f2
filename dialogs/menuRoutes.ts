import type { MenuNode } from '../src/domain/menu';
import type { Article } from '../src/search/knowledge';
import { rememberArticle } from './memory';
import { requestAgent } from './agentRoute';
import type { Turn } from './turn';

/** Shows a menu node: a branch lists its choices, a leaf answers with its articles or runs its action. */
export async function showMenuNode(turn: Turn, node: MenuNode): Promise<void> {
  const { menu, replies } = turn.services;
  turn.memory.menuNode = node.id;
  turn.note({ menuNode: node.id });
  if (!menu.isLeaf(node)) {
    turn.route('menu.branch');
    await turn.send(replies.menuNode(node));
    return;
  }
  turn.route('menu.leaf');
  if (node.action === 'contact-agent') {
    await requestAgent(turn, 'button');
    return;
  }
  if (node.action === 'search') {
    await promptForSearch(turn);
    return;
  }
  await showLeafArticles(turn, node);
  for (const feature of turn.services.features) await feature.leaf?.(turn, node);
}

async function showLeafArticles(turn: Turn, node: MenuNode): Promise<void> {
  const { knowledge, replies } = turn.services;
  const articles = (node.articles ?? []).map((id) => knowledge.get(id)).filter((a): a is Article => a !== undefined);
  const [first, ...others] = articles;
  if (!first) return;
  rememberArticle(turn.memory, first.id, first.title);
  await turn.send(replies.answer(first, [...others, ...relatedOf(turn, first)].slice(0, 4), turn.services.menu.parent(node.id) ?? node));
}

export function relatedOf(turn: Turn, article: Article): Article[] {
  return article.related.map((id) => turn.services.knowledge.get(id)).filter((a): a is Article => a !== undefined);
}

export async function showHome(turn: Turn): Promise<void> {
  await showMenuNode(turn, turn.services.menu.root);
}

/** Goes one level up from `from` (a node id), or from where the user is when typed. */
export async function goBack(turn: Turn, from: string | undefined): Promise<void> {
  const { menu } = turn.services;
  const parent = from ? menu.parent(from) : undefined;
  await showMenuNode(turn, parent ?? menu.root);
}

export async function promptForSearch(turn: Turn): Promise<void> {
  turn.route('search.prompt');
  await turn.send(
    turn.services.replies.notice({
      title: 'Search articles',
      lines: ['Type your question in a few words, for example "renew early" or "who can see purchase history?"'],
    }),
  );
}
