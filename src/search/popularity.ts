import type { Article } from './knowledge';

/**
 * Articles ordered for an empty query: the ones other articles point to (`related`) and the
 * menu shows most often come first, since they are the hubs people reach anyway; ties keep
 * the articles' own order.
 */
export function popularity(articles: readonly Article[]): Article[] {
  const references = new Map<string, number>();
  for (const article of articles) {
    references.set(article.id, (references.get(article.id) ?? 0) + article.menu.length);
    for (const id of article.related) references.set(id, (references.get(id) ?? 0) + 1);
  }
  return articles
    .map((article, position) => ({ article, position, weight: references.get(article.id) ?? 0 }))
    .sort((a, b) => b.weight - a.weight || a.position - b.position)
    .map(({ article }) => article);
}
