import type { InvertedIndex } from './inverted-index';
import type { Concept } from './query';
import { tokenize } from './tokenizer';

/**
 * The questions an article answers (its title, phrasings and keywords), each kept whole, so a
 * user's question can be compared with the nearest one: weighted Dice similarity over terms,
 * each term weighted by its idf. A question worded like a phrasing scores near 1 even when
 * the words it shares with the article are common ones.
 */
export interface QuestionText {
  text: string;
  weight: number;
}

export class PhrasingIndex {
  private readonly matched: Float64Array;
  private readonly best: Float64Array;
  private readonly docBest: Float64Array;

  private constructor(
    private readonly index: InvertedIndex,
    private readonly owners: Int32Array,
    /** How much a match on this text counts: keywords less than whole questions. */
    private readonly trust: Float64Array,
    /** Sum of the idf of each phrasing's distinct terms. */
    private readonly weights: Float64Array,
    private readonly postings: ReadonlyMap<string, Int32Array>,
    docs: number,
  ) {
    this.matched = new Float64Array(owners.length);
    this.best = new Float64Array(owners.length);
    this.docBest = new Float64Array(docs);
  }

  /** `questions[d]` are the question-like texts of document `d`, each with how far it is trusted. */
  static build(questions: readonly (readonly QuestionText[])[], index: InvertedIndex): PhrasingIndex {
    const owners: number[] = [];
    const trust: number[] = [];
    const weights: number[] = [];
    const byTerm = new Map<string, number[]>();
    questions.forEach((texts, doc) => {
      for (const { text, weight } of texts) {
        const distinct = new Set(tokenize(text).map((token) => token.term));
        if (distinct.size === 0) continue;
        const id = owners.length;
        owners.push(doc);
        trust.push(weight);
        weights.push([...distinct].reduce((sum, term) => sum + (index.postingsOf(term)?.idf ?? 0), 0));
        for (const term of distinct) {
          const list = byTerm.get(term) ?? [];
          if (list.length === 0) byTerm.set(term, list);
          list.push(id);
        }
      }
    });
    const postings = new Map([...byTerm].map(([term, ids]) => [term, Int32Array.from(ids)]));
    const size = questions.length;
    return new PhrasingIndex(index, Int32Array.from(owners), Float64Array.from(trust), Float64Array.from(weights), postings, size);
  }

  /**
   * For every document with a phrasing sharing a term with the query, its best similarity.
   * `queryWeight` is the summed idf of the query's concepts.
   */
  similarities(concepts: readonly Concept[], queryWeight: number): Map<number, number> {
    const touched: number[] = [];
    for (const concept of concepts) this.addConcept(concept, touched);
    const result = new Map<number, number>();
    for (const id of touched) {
      const doc = this.owners[id] ?? 0;
      const dice = (2 * (this.matched[id] ?? 0)) / (queryWeight + (this.weights[id] ?? 0));
      const similarity = Math.min(1, dice) * (this.trust[id] ?? 0);
      if (similarity > (this.docBest[doc] ?? 0)) {
        this.docBest[doc] = similarity;
        result.set(doc, similarity);
      }
      this.matched[id] = 0;
    }
    for (const doc of result.keys()) this.docBest[doc] = 0;
    return result;
  }

  /** A concept adds the idf of the term it matched, through its best variant, at most its own worth. */
  private addConcept(concept: Concept, touched: number[]): void {
    const reached: number[] = [];
    for (const variant of concept.variants) {
      const credit = Math.min(concept.weight, (this.index.postingsOf(variant.term)?.idf ?? 0) * variant.weight);
      for (const id of this.postings.get(variant.term) ?? []) {
        if (this.best[id] === 0) reached.push(id);
        if (credit > (this.best[id] ?? 0)) this.best[id] = credit;
      }
    }
    for (const id of reached) {
      if (this.matched[id] === 0) touched.push(id);
      this.matched[id] = (this.matched[id] ?? 0) + (this.best[id] ?? 0);
      this.best[id] = 0;
    }
  }
}
