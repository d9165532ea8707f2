import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MenuTree } from './domain/menu';
import { Vocabulary } from './language/vocabulary';
import { KnowledgeIndex, type SearchOptionsInput } from './search';
import { loadArticles, type Article } from './search/knowledge';

export interface KnowledgeBase {
  articles: Article[];
  index: KnowledgeIndex;
  menu: MenuTree;
  /** The words people use for the portal's terms, shared by search and account questions. */
  vocabulary: Vocabulary;
}

/**
 * Loads and validates knowledge/: the articles, the vocabulary, their search index and the Get Help menu tree.
 * `extraPhrasings` (article id -> wordings) are questions authors marked as covered by an article in the
 * unanswered inbox: they count as that article's phrasings from the next load on.
 */
export function loadKnowledgeBase(folder: string, extraPhrasings: ReadonlyMap<string, readonly string[]> = new Map()): KnowledgeBase {
  const articles = loadArticles(join(folder, 'articles')).map((article) => {
    const extra = extraPhrasings.get(article.id);
    return extra ? { ...article, phrasings: [...article.phrasings, ...extra.filter((wording) => !article.phrasings.includes(wording))] } : article;
  });
  const menu = loadMenu(folder, new Set(articles.map((a) => a.id)));
  const vocabulary = loadVocabulary(folder);
  const index = KnowledgeIndex.build(articles, vocabularyOptions(vocabulary));
  return { articles, index, menu, vocabulary };
}

/** knowledge/menu.yaml, checked against the articles: for tools that need the tree but not the search (reports). */
export function loadMenu(folder: string, articleIds: ReadonlySet<string> = new Set(loadArticles(join(folder, 'articles')).map((a) => a.id))): MenuTree {
  return MenuTree.parse(parseYaml(readFileSync(join(folder, 'menu.yaml'), 'utf8')), articleIds);
}

/** knowledge/vocabulary.yaml, validated. */
export function loadVocabulary(folder: string): Vocabulary {
  return Vocabulary.parse(readFileSync(join(folder, 'vocabulary.yaml'), 'utf8'));
}

/** The search options that carry a vocabulary, for building an index over other articles (benchmarks). */
export function vocabularyOptions(vocabulary: Vocabulary): SearchOptionsInput {
  return { synonyms: vocabulary.synonyms, phrases: vocabulary.data.phrases, notCovered: vocabulary.data.notCovered };
}
