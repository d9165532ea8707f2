import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MenuTree, type MenuNode } from '../../src/domain/menu';
import { loadArticles, parseArticle } from '../../src/search/knowledge';
import { projectRoot } from '../../src/paths';

const knowledge = join(projectRoot(), 'knowledge');
const articlesFolder = join(knowledge, 'articles');
const articleFiles = readdirSync(articlesFolder).filter((name) => name.endsWith('.md')).sort();
const articles = loadArticles(articlesFolder);
const articleIds = new Set(articles.map((article) => article.id));
const menu = MenuTree.parse(parseYaml(readFileSync(join(knowledge, 'menu.yaml'), 'utf8')), articleIds);
const leaves = menu.all().filter((node) => menu.isLeaf(node));
const branches = menu.all().filter((node) => !menu.isLeaf(node));

const accountIntents = new Set([
  'renewal-status', 'early-renewal', 'auto-renew', 'billing-info', 'upcoming-payments', 'purchase-history',
  'upcoming-expirations', 'subscription-teams', 'contract-manager-seat', 'admins', 'insights', 'seat-usage', 'token-usage',
]);

const labelsOnPath = (id: string): string[] => menu.path(id).map((node: MenuNode) => node.label);

describe('knowledge articles', () => {
  test.each(articleFiles)('%s parses and has a body', (file) => {
    const article = parseArticle(readFileSync(join(articlesFolder, file), 'utf8'), file);
    expect(article.body.length).toBeGreaterThan(0);
    expect(article.paragraphs.length).toBeGreaterThan(0);
  });

  test('titles are unique', () => {
    const titles = articles.map((article) => article.title.toLowerCase());
    expect(titles.filter((title, index) => titles.indexOf(title) !== index)).toEqual([]);
  });

  test.each(articles.map((article) => [article.id, article] as const))('%s names menu leaves that show it back', (_id, article) => {
    expect(article.menu.length).toBeGreaterThan(0);
    for (const nodeId of article.menu) {
      expect(menu.node(nodeId)?.articles ?? []).toContain(article.id);
    }
  });
});

describe('Get Help menu', () => {
  test.each(leaves.map((leaf) => [leaf.id, leaf] as const))('leaf %s resolves to articles or an action', (_id, leaf) => {
    const shown = leaf.articles ?? [];
    expect(shown.length > 0 || leaf.action !== undefined).toBe(true);
    for (const id of shown) {
      expect(articleIds).toContain(id);
      expect(articles.find((article) => article.id === id)?.menu).toContain(leaf.id);
    }
    if (leaf.account !== undefined) expect(accountIntents).toContain(leaf.account);
  });

  test.each([
    ['billing-from-autodesk', ['Get Help', 'Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info', 'From Autodesk']],
    ['billing-from-reseller', ['Get Help', 'Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info', 'From a reseller']],
    ['contact-agent', ['Get Help', 'Contact a support agent']],
  ])('%s sits on the portal path', (id, labels) => {
    expect(labelsOnPath(id)).toEqual(labels);
  });

  test('offers a support agent', () => {
    expect(menu.node('contact-agent')?.action).toBe('contact-agent');
  });

  test.each(articles.map((article) => article.id))('%s is reachable from the menu', (id) => {
    expect(leaves.some((leaf) => (leaf.articles ?? []).includes(id))).toBe(true);
  });

  test.each(menu.all().map((node) => [node.id, node] as const))('%s has a short label', (_id, node) => {
    expect(node.label.length).toBeLessThanOrEqual(40);
  });

  test.each(branches.map((node) => [node.id, node] as const))('%s offers at most six choices', (_id, node) => {
    expect(node.children?.length ?? 0).toBeLessThanOrEqual(6);
  });
});
