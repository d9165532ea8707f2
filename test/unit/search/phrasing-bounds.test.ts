import { generatedArticles } from '../../../bench/search';
import { tokenize } from '../../../src/language/tokenizer';
import { InvertedIndex, type FieldTexts } from '../../../src/search/inverted-index';
import { parseSearchOptions } from '../../../src/search/options';
import { PhrasingIndex } from '../../../src/search/phrasing-index';
import type { Concept } from '../../../src/search/query';

/**
 * `collectShared` reads fewer phrasings than `collect`, and promises bounds instead: for every
 * document, `similarity` at most the exact one, `similarityBound` at least, and `settle` the exact
 * one. The scorer's pruning rests on these, so they are checked here against `collect` directly,
 * on queries shaped to take each way: common words left out, few light phrasings read, pairs.
 */
const settings = parseSearchOptions();
const articles = generatedArticles(1500, 11);
const docs: FieldTexts[] = articles.map((article) => ({
  title: [article.title],
  phrasings: article.phrasings,
  keywords: article.keywords,
  summary: [article.summary],
  body: [...article.paragraphs, ...article.steps],
}));
const index = InvertedIndex.build(docs, settings.fields, settings.k1);
const phrasings = PhrasingIndex.build(
  articles.map((article) => [article.title, ...article.phrasings, ...article.keywords].map((text) => ({ text, weight: 1 }))),
  index,
);

function concept(word: string, synonym?: string): Concept {
  const [term] = tokenize(word).map((token) => token.term);
  const [other] = synonym ? tokenize(synonym).map((token) => token.term) : [];
  if (!term) throw new Error(`no term in ${word}`);
  const variants = [{ term, weight: 1 }, ...(other ? [{ term: other, weight: settings.synonymWeight }] : [])];
  return { word, variants, credit: 1, weight: index.idf(term) };
}

/** Each document's similarity after `collect`: the exact ones. */
function exactSimilarities(concepts: Concept[], essential: boolean[], queryWeight: number, cues: number): number[] {
  phrasings.collect(concepts, essential, queryWeight, cues);
  const exact = articles.map((_, doc) => phrasings.similarity(doc));
  phrasings.clear();
  return exact;
}

/** A query's words, the second one with a synonym when given. */
const queries: [string, string[], string | undefined][] = [
  // the commonest words beside rarer ones: the common ones are left out, their share bounded
  ['common words left out', ['subscription', 'renewal', 'migrate', 'serial'], undefined],
  ['a common word left out, a rare one with a synonym', ['subscription', 'migrate', 'currency'], 'serial'],
  // one very common word: only the lightest of its phrasings are read
  ['one common word', ['subscription'], undefined],
  // no word common enough to leave out: the phrasings sharing two of them
  ['rare words and a less rare one', ['migrate', 'serial', 'payment'], undefined],
  ['two common words', ['subscription', 'renewal'], undefined],
];

describe('collectShared keeps its bounds', () => {
  test.each(queries)('%s', (_, words, synonym) => {
    const concepts = words.map((word, i) => concept(word, i === 1 ? synonym : undefined));
    const strongest = Math.max(...concepts.map((c) => c.weight));
    const essential = concepts.map((c) => c.weight >= 0.5 * strongest);
    const queryWeight = concepts.reduce((sum, c) => sum + c.weight, 0);
    const exact = exactSimilarities(concepts, essential, queryWeight, 0);
    let checked = 0;
    // Each share for a phrasing matching one concept alone, recording the few likeliest phrasings or all.
    for (const [maxSingle, limit] of [0.3, 0.57, 0.9].flatMap((share): [number, number][] => [[share, 5], [share, articles.length]])) {
      const single = phrasings.collectShared(concepts, essential, queryWeight, 0, maxSingle, limit);
      if (single === undefined) continue;
      checked++;
      try {
        articles.forEach((__, doc) => {
          const truth = exact[doc] ?? 0;
          expect(phrasings.similarity(doc)).toBeLessThanOrEqual(truth + 1e-12);
          expect(phrasings.similarityBound(doc, single)).toBeGreaterThanOrEqual(truth - 1e-12);
        });
        articles.forEach((__, doc) => {
          phrasings.settle(doc);
          expect(phrasings.similarity(doc)).toBe(exact[doc] ?? 0);
        });
      } finally {
        phrasings.clear();
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
