import { join } from 'node:path';
import { benchQueries, generatedArticles } from '../../../bench/search';
import { articlesFolder, loadDevSet } from '../../../bench/eval-dev';
import { loadVocabulary, vocabularyOptions } from '../../../src/knowledgeBase';
import { projectRoot } from '../../../src/paths';
import { KnowledgeIndex, type SearchOutcome } from '../../../src/search';
import { loadArticles } from '../../../src/search/knowledge';

/**
 * Pruned ranking skips the postings of common words that cannot change the top results; it must
 * return exactly what adding up every posting returns: the same articles, in the same order, with
 * the same scores. The corpus is large enough (3,000 articles) for words to be common, i.e. in more
 * than a thousand documents, which is where pruning starts.
 */
const vocabulary = vocabularyOptions(loadVocabulary(join(projectRoot(), 'knowledge')));
const shipped = loadArticles(articlesFolder());
const articles = [...shipped, ...generatedArticles(3000 - shipped.length, 7)];
const pruned = KnowledgeIndex.build(articles, vocabulary);
const exhaustive = KnowledgeIndex.build(articles, { ...vocabulary, pruning: false });

function ranking(index: KnowledgeIndex, query: string, limit: number): [string, number][] {
  return index.rank(query, limit).map((hit) => [hit.article.id, hit.score]);
}

function outcome(index: KnowledgeIndex, query: string): unknown {
  const ids = (hits: { article: { id: string }; score: number }[]) => hits.map((hit) => [hit.article.id, hit.score]);
  const result: SearchOutcome = index.search(query);
  switch (result.kind) {
    case 'answer':
      return { kind: result.kind, hit: ids([result.hit]), alternatives: ids(result.alternatives) };
    case 'did-you-mean':
      return { kind: result.kind, choices: ids(result.choices) };
    case 'none':
      return { kind: result.kind, nearest: ids(result.nearest), notCovered: result.notCovered?.topic };
  }
}

describe('pruned and exhaustive ranking agree', () => {
  test.each([
    // every word common, one with several synonyms: nothing rarer to lean on
    ['which admins can see billing and orders?'],
    ['Which admins Billing Orders'],
    // one very common word: many articles tie on the phrasing part
    ['subscription'],
    ['Do subscriptions'],
    // rare words beside common ones, and a common phrase ("auto renew")
    ['How do I turn off auto-renew?'],
    ['how do i turn of autorenewal'],
    ['What causes over-assignment?'],
    ['Can I renew my subscription early?'],
    ['I bought through a reseller. How do I update my payment details?'],
    ['the contract manager was given a seat but doesn\'t use the product'],
    ['The contract mangaer was given a seat but doesn\'t use the product'],
    ['why can\'t i see the over-assignment report?'],
    // fewer matching articles than asked for
    ['How old is the data'],
    ['architecture engineering construction tools'],
    // words the articles do not know
    ['qwzx plok vrrt'],
    [''],
  ])('%j', (query) => {
    for (const limit of [1, 5, 20]) expect(ranking(pruned, query, limit)).toEqual(ranking(exhaustive, query, limit));
    expect(outcome(pruned, query)).toEqual(outcome(exhaustive, query));
  });

  test('on every benchmark query and on titles, phrasings and keywords of generated articles', () => {
    const generated = articles.slice(shipped.length).filter((_, i) => i % 50 === 0);
    const queries = [
      ...benchQueries(loadDevSet()),
      ...generated.flatMap((article) => [article.title, article.phrasings[0] ?? '', article.keywords.join(' ')]),
    ];
    const differing = queries.filter(
      (query) => JSON.stringify(ranking(pruned, query, 5)) !== JSON.stringify(ranking(exhaustive, query, 5)),
    );
    expect(differing).toEqual([]);
  });
});
