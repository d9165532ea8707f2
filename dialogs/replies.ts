import { ActivityTypes, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { AdaptiveCard, CardAction, CardData, CardRenderer } from '../cards/render';
import type { MenuNode, MenuTree } from '../src/domain/menu';
import type { Article } from '../src/search/knowledge';

/** Buttons used on many cards, built in one place so every card says the same thing. */
export const buttons = {
  getHelp: (): CardAction => ({ title: 'Get Help', data: { verb: 'home' } }),
  search: (): CardAction => ({ title: 'Search articles', data: { verb: 'search-start' } }),
  agent: (): CardAction => ({ title: 'Contact a support agent', data: { verb: 'agent' } }),
  home: (): CardAction => ({ title: 'Home', data: { verb: 'home' } }),
  back: (from: string): CardAction => ({ title: 'Back', data: { verb: 'back', from } }),
  menuNode: (node: MenuNode, title = node.label): CardAction => ({ title, data: { verb: 'menu', node: node.id } }),
  article: (article: Pick<Article, 'id' | 'title'>): CardAction => ({ title: article.title, data: { verb: 'article', id: article.id } }),
};

export function cardActivity(card: AdaptiveCard, text?: string): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  if (text) activity.text = text;
  return activity;
}

export function textActivity(text: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text };
}

/** Builds the bot's cards from content and state; knows nothing about turns or storage. */
export class Replies {
  constructor(
    private readonly cards: CardRenderer,
    private readonly menu: MenuTree,
  ) {}

  welcome(name?: string): Partial<Activity> {
    return this.card('welcome', {
      title: name ? `Hi ${firstName(name)}, I'm the account help bot.` : "Hi, I'm the account help bot.",
      intro:
        'I can answer questions about subscriptions, renewals and billing, walk you through the Get Help menu, ' +
        'and put you in touch with a support agent. Pick an option or just type your question.',
      actions: [buttons.getHelp(), buttons.search(), buttons.agent()],
    });
  }

  help(): Partial<Activity> {
    return this.notice({
      title: 'What I can do',
      lines: [
        'Type a question in your own words, for example "how do I turn off auto-renew?", or browse the Get Help menu.',
        'You can type these at any time: **menu** (Get Help menu), **back**, **start over**, **cancel**, **help**.',
      ],
      actions: [buttons.getHelp(), buttons.search(), buttons.agent()],
    });
  }

  menuNode(node: MenuNode): Partial<Activity> {
    const navigation = node.id === this.menu.root.id ? [] : [buttons.back(node.id), buttons.home()];
    return this.card('menu', {
      breadcrumb: this.menu.breadcrumb(node.id),
      title: node.label,
      ...(node.prompt ? { prompt: node.prompt } : { prompt: 'Choose the option that best describes your question.' }),
      choices: (node.children ?? []).map((child) => buttons.menuNode(child)),
      navigation,
    });
  }

  /** An article as the answer, with feedback buttons; `from` keeps the user's place in the menu. */
  answer(article: Article, related: Article[], from?: MenuNode): Partial<Activity> {
    const key = `${article.id}|${related.map((item) => item.id).join(',')}|${from?.id ?? ''}`;
    return cardActivity(this.cards.renderKeyed('answer', key, () => this.answerData(article, related, from)));
  }

  private answerData(article: Article, related: Article[], from?: MenuNode): CardData['answer'] {
    const data: CardData['answer'] = {
      title: article.title,
      summary: article.summary,
      paragraphs: article.paragraphs,
      steps: article.steps.map((step, index) => `${index + 1}. ${step}`),
      related: related.map((item) => buttons.article(item)),
      feedback: {
        yes: { verb: 'feedback', article: article.id, helpful: true },
        no: { verb: 'feedback', article: article.id, helpful: false },
      },
      actions: [buttons.agent(), ...(from ? [buttons.menuNode(from, `Back to ${from.label}`)] : [buttons.getHelp()])],
    };
    if (from) data.breadcrumb = this.menu.breadcrumb(from.id);
    return data;
  }

  choices(data: CardData['choices']): Partial<Activity> {
    return this.card('choices', data);
  }

  notice(data: CardData['notice']): Partial<Activity> {
    return this.card('notice', data);
  }

  card<N extends keyof CardData>(name: N, data: CardData[N]): Partial<Activity> {
    return cardActivity(this.cards.render(name, data));
  }
}

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}
