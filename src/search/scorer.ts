import type { InvertedIndex } from './inverted-index';
import type { PhrasingIndex } from './phrasing-index';
import type { AnalysedQuery, Concept } from './query';

/** A document's standing for one query. */
export interface Ranked {
  doc: number;
  /** 0..1: BM25F over its upper bound for this query, blended with the nearest phrasing's similarity. */
  score: number;
  /** The share of the query's concepts this document matches (synonyms and corrections count less). */
  coverage: number;
}

export interface ScorerSettings {
  k1: number;
  /** How much a matched phrase (two adjacent query words) adds, relative to a word. */
  phraseWeight: number;
  /** The share of the score given by the nearest phrasing rather than by BM25F. */
  phrasingWeight: number;
}

/**
 * Adds up precomputed postings. Each concept counts once per document, through its best
 * variant, so an article that says both "buy" and "purchase" is not counted twice.
 * Scratch arrays are reused across queries (a query runs synchronously, start to end).
 */
export class Scorer {
  private readonly total: Float64Array;
  private readonly matched: Float64Array;
  private readonly best: Float64Array;
  private readonly bestWeight: Float64Array;

  constructor(
    private readonly index: InvertedIndex,
    private readonly phrasings: PhrasingIndex,
    private readonly settings: ScorerSettings,
  ) {
    this.total = new Float64Array(index.size);
    this.matched = new Float64Array(index.size);
    this.best = new Float64Array(index.size);
    this.bestWeight = new Float64Array(index.size);
  }

  rank(query: AnalysedQuery, limit: number): Ranked[] {
    const queryWeight = this.queryWeight(query.concepts);
    if (queryWeight === 0 || limit <= 0) return [];
    const touched: number[] = [];
    for (const concept of query.concepts) this.addConcept(concept, touched);
    for (const phrase of query.phrases) this.addPostings(phrase, this.settings.phraseWeight, touched);
    const ranked = this.blend(touched, query, this.upperBound(queryWeight, query.phrases), queryWeight);
    for (const doc of touched) {
      this.total[doc] = 0;
      this.matched[doc] = 0;
    }
    return topRanked(ranked, limit);
  }

  private blend(touched: number[], query: AnalysedQuery, bound: number, queryWeight: number): Ranked[] {
    const similarities = this.phrasings.similarities(query.concepts, queryWeight);
    const { phrasingWeight } = this.settings;
    return touched.map((doc) => ({
      doc,
      score: (1 - phrasingWeight) * Math.min(1, (this.total[doc] ?? 0) / bound) + phrasingWeight * (similarities.get(doc) ?? 0),
      coverage: (this.matched[doc] ?? 0) / query.concepts.length,
    }));
  }

  /**
   * The summed idf of the query's concepts. A word the knowledge does not know weighs as
   * much as an average known one, so it pulls every score down instead of being ignored.
   */
  private queryWeight(concepts: readonly Concept[]): number {
    const known = concepts.filter((concept) => concept.weight > 0);
    const knownWeight = known.reduce((sum, concept) => sum + concept.weight, 0);
    if (known.length === 0) return 0;
    return knownWeight * (concepts.length / known.length);
  }

  /** What BM25F would give a document holding every concept and phrase infinitely often. */
  private upperBound(queryWeight: number, phrases: readonly string[]): number {
    const { k1, phraseWeight } = this.settings;
    const phraseIdf = phrases.reduce((sum, phrase) => sum + (this.index.postingsOf(phrase)?.idf ?? 0), 0);
    return (k1 + 1) * (queryWeight + phraseWeight * phraseIdf);
  }

  /** A synonym never earns more than the word itself could: a rare synonym must not outrank the word. */
  private addConcept(concept: Concept, touched: number[]): void {
    const reached: number[] = [];
    const cap = concept.weight * (this.settings.k1 + 1);
    for (const { term, weight } of concept.variants) {
      const postings = this.index.postingsOf(term);
      if (!postings) continue;
      for (let i = 0; i < postings.docs.length; i++) {
        const doc = postings.docs[i] ?? 0;
        const score = Math.min(cap, (postings.scores[i] ?? 0) * weight);
        if (this.best[doc] === 0) reached.push(doc);
        if (score > (this.best[doc] ?? 0)) {
          this.best[doc] = score;
          this.bestWeight[doc] = weight;
        }
      }
    }
    for (const doc of reached) {
      if (this.total[doc] === 0) touched.push(doc);
      this.total[doc] = (this.total[doc] ?? 0) + (this.best[doc] ?? 0);
      this.matched[doc] = (this.matched[doc] ?? 0) + (this.bestWeight[doc] ?? 0);
      this.best[doc] = 0;
      this.bestWeight[doc] = 0;
    }
  }

  private addPostings(term: string, weight: number, touched: number[]): void {
    const postings = this.index.postingsOf(term);
    if (!postings) return;
    for (let i = 0; i < postings.docs.length; i++) {
      const doc = postings.docs[i] ?? 0;
      if (this.total[doc] === 0) touched.push(doc);
      this.total[doc] = (this.total[doc] ?? 0) + (postings.scores[i] ?? 0) * weight;
    }
  }
}

/** The `limit` best, ties in document order; an insertion list beats sorting thousands of candidates. */
function topRanked(candidates: Ranked[], limit: number): Ranked[] {
  const top: Ranked[] = [];
  for (const candidate of candidates) {
    if (candidate.score <= 0) continue;
    let at = top.length;
    while (at > 0 && isAhead(candidate, top[at - 1])) at--;
    if (at >= limit) continue;
    top.splice(at, 0, candidate);
    if (top.length > limit) top.pop();
  }
  return top;
}

function isAhead(candidate: Ranked, other: Ranked | undefined): boolean {
  if (!other) return false;
  return candidate.score > other.score || (candidate.score === other.score && candidate.doc < other.doc);
}
