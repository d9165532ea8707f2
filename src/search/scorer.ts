import { IdList } from './id-list';
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
 * A word worth less than this share of the query's rarest word, and found in more than
 * `PRUNE_LENGTH` documents, only adds to documents the rarer words found: it could not lift
 * an unrelated document to the top, and visiting every document holding "subscription" is
 * what would make a large knowledge base slow. Small knowledge bases are scored exactly.
 */
const ESSENTIAL_SHARE = 0.5;
const PRUNE_LENGTH = 1000;

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
  private readonly touched: IdList;
  private readonly reached: IdList;

  constructor(
    private readonly index: InvertedIndex,
    private readonly phrasings: PhrasingIndex,
    private readonly settings: ScorerSettings,
  ) {
    this.total = new Float64Array(index.size);
    this.matched = new Float64Array(index.size);
    this.best = new Float64Array(index.size);
    this.bestWeight = new Float64Array(index.size);
    this.touched = new IdList(index.size);
    this.reached = new IdList(index.size);
  }

  rank(query: AnalysedQuery, limit: number): Ranked[] {
    const queryWeight = this.queryWeight(query.concepts);
    if (queryWeight === 0 || limit <= 0) return [];
    const essential = this.essential(query.concepts);
    const touched = this.touched;
    query.concepts.forEach((concept, i) => {
      if (essential[i]) this.addConcept(concept, false);
    });
    query.concepts.forEach((concept, i) => {
      if (!essential[i]) this.addConcept(concept, touched.length > 0);
    });
    for (const phrase of query.phrases) this.addPhrase(phrase);
    this.phrasings.collect(query.concepts, essential, queryWeight, query.cues);
    const ranked = this.top(touched, query, this.upperBound(queryWeight, query.phrases), limit);
    this.phrasings.clear();
    for (let i = 0; i < touched.length; i++) {
      this.total[touched.at(i)] = 0;
      this.matched[touched.at(i)] = 0;
    }
    touched.clear();
    return ranked;
  }

  private top(touched: IdList, query: AnalysedQuery, bound: number, limit: number): Ranked[] {
    const { phrasingWeight } = this.settings;
    const scoreOf = (doc: number): number =>
      (1 - phrasingWeight) * Math.min(1, (this.total[doc] ?? 0) / bound) + phrasingWeight * this.phrasings.similarity(doc);
    return topDocs(touched, scoreOf, limit).map(({ doc, score }) => ({
      doc,
      score,
      coverage: (this.matched[doc] ?? 0) / query.concepts.length,
    }));
  }

  private essential(concepts: readonly Concept[]): boolean[] {
    const strongest = Math.max(0, ...concepts.map((concept) => concept.weight));
    return concepts.map((concept) => {
      const postings = Math.max(0, ...concept.variants.map((variant) => this.index.frequency(variant.term)));
      return concept.weight >= ESSENTIAL_SHARE * strongest || postings <= PRUNE_LENGTH;
    });
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
    const phraseIdf = phrases.reduce((sum, phrase) => sum + this.index.idf(phrase), 0);
    return (k1 + 1) * (queryWeight + phraseWeight * phraseIdf);
  }

  /**
   * A synonym never earns more than the word itself could: a rare synonym must not outrank
   * the word. With `onlyTouched`, the concept adds only to documents already found.
   */
  private addConcept(concept: Concept, onlyTouched: boolean): void {
    const { reached, touched, total, matched, best, bestWeight } = this;
    const cap = concept.weight * (this.settings.k1 + 1);
    for (const { term, weight } of concept.variants) {
      const postings = this.index.postingsOf(term);
      if (!postings) continue;
      const { docs, scores } = postings;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] ?? 0;
        if (onlyTouched && total[doc] === 0) continue;
        const score = Math.min(cap, (scores[i] ?? 0) * weight);
        const previous = best[doc] ?? 0;
        if (previous === 0) reached.push(doc);
        if (score > previous) best[doc] = score;
        if (weight > (bestWeight[doc] ?? 0)) bestWeight[doc] = weight;
      }
    }
    for (let i = 0; i < reached.length; i++) {
      const doc = reached.at(i);
      if (total[doc] === 0) touched.push(doc);
      total[doc] = (total[doc] ?? 0) + (best[doc] ?? 0);
      matched[doc] = (matched[doc] ?? 0) + (bestWeight[doc] ?? 0);
      best[doc] = 0;
      bestWeight[doc] = 0;
    }
    reached.clear();
  }

  private addPhrase(phrase: string): void {
    const { touched } = this;
    const postings = this.index.postingsOf(phrase);
    if (!postings) return;
    for (let i = 0; i < postings.docs.length; i++) {
      const doc = postings.docs[i] ?? 0;
      if (this.total[doc] === 0) touched.push(doc);
      this.total[doc] = (this.total[doc] ?? 0) + (postings.scores[i] ?? 0) * this.settings.phraseWeight;
    }
  }
}

/** The `limit` best, ties in document order; an insertion list beats sorting thousands of candidates. */
function topDocs(docs: IdList, scoreOf: (doc: number) => number, limit: number): { doc: number; score: number }[] {
  const top: { doc: number; score: number }[] = [];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs.at(i);
    const score = scoreOf(doc);
    if (score <= 0) continue;
    const last = top[top.length - 1];
    if (top.length >= limit && last && (score < last.score || (score === last.score && doc > last.doc))) continue;
    let at = top.length;
    while (at > 0 && isAhead(score, doc, top[at - 1])) at--;
    top.splice(at, 0, { doc, score });
    if (top.length > limit) top.pop();
  }
  return top;
}

function isAhead(score: number, doc: number, other: { doc: number; score: number } | undefined): boolean {
  return other !== undefined && (score > other.score || (score === other.score && doc < other.doc));
}
