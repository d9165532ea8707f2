import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MenuTree } from './domain/menu';
import { KnowledgeIndex } from './search';
import { loadArticles, type Article } from './search/knowledge';

export interface KnowledgeBase {
  articles: Article[];
  index: KnowledgeIndex;
  menu: MenuTree;
}

/** Loads and validates knowledge/: the articles, their search index and the Get Help menu tree. */
export function loadKnowledgeBase(folder: string): KnowledgeBase {
  const articles = loadArticles(join(folder, 'articles'));
  const menu = MenuTree.parse(parseYaml(readFileSync(join(folder, 'menu.yaml'), 'utf8')), new Set(articles.map((a) => a.id)));
  return { articles, index: KnowledgeIndex.build(articles), menu };
}
