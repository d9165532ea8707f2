import { IdList } from './id-list';
import type { InvertedIndex } from './inverted-index';
import { questionCues } from '../language/lexicon';
import type { Concept } from './query';
import { tokenize, words } from '../language/tokenizer';

/** How much a document's second-nearest phrasing counts: two close phrasings are better evidence than one. */
const SECOND_SHARE = 0.25;

/** The idf-like weight of a shared question word ("where" in both): a hint, less than most terms. */
const CUE_WEIGHT = 0.5;

/** A question-like text of an article and how far a match on it is trusted. */
export interface QuestionText {
  text: string;
  weight: number;
}

/**
 * The questions an article answers (its title, phrasings and keywords), each kept whole, so a
 * user's question can be compared with the nearest one: weighted Dice similarity over terms,
 * each term weighted by its idf. A question worded like a phrasing scores near 1 even when
 * the words it shares with the article are common ones. Question words count a little, so
 * "where is X" leans to "Where do I find X" rather than "What do I do with X".
 */
export class PhrasingIndex {
  private readonly matched: Float64Array;
  private readonly best: Float64Array;
  private readonly docBest: Float64Array;
  private readonly docSecond: Float64Array;
  /** Documents with a similarity since the last `clear()`. */
  private readonly docs: IdList;
  private readonly touched: IdList;
  private readonly reached: IdList;

  private constructor(
    private readonly index: InvertedIndex,
    private readonly owners: Int32Array,
    /** How much a match on this text counts: keywords less than whole questions. */
    private readonly trust: Float64Array,
    /** Sum of the idf of each phrasing's distinct terms and its question words. */
    private readonly weights: Float64Array,
    private readonly cues: Int32Array,
    private readonly postings: ReadonlyMap<string, Int32Array>,
    documentCount: number,
  ) {
    this.matched = new Float64Array(owners.length);
    this.best = new Float64Array(owners.length);
    this.docBest = new Float64Array(documentCount);
    this.docSecond = new Float64Array(documentCount);
    this.docs = new IdList(owners.length);
    this.touched = new IdList(owners.length);
    this.reached = new IdList(owners.length);
  }

  /** `questions[d]` are the question-like texts of document `d`, each with how far it is trusted. */
  static build(questions: readonly (readonly QuestionText[])[], index: InvertedIndex): PhrasingIndex {
    const owners: number[] = [];
    const trust: number[] = [];
    const cues: number[] = [];
    const weights: number[] = [];
    const byTerm = new Map<string, number[]>();
    questions.forEach((texts, doc) => {
      for (const { text, weight } of texts) {
        const distinct = new Set(tokenize(text).map((token) => token.term));
        if (distinct.size === 0) continue;
        const id = owners.length;
        const cueMask = questionCues(words(text));
        owners.push(doc);
        trust.push(weight);
        cues.push(cueMask);
        const termWeight = [...distinct].reduce((sum, term) => sum + index.idf(term), 0);
        weights.push(termWeight + CUE_WEIGHT * bitCount(cueMask));
        for (const term of distinct) {
          const list = byTerm.get(term) ?? [];
          if (list.length === 0) byTerm.set(term, list);
          list.push(id);
        }
      }
    });
    const postings = new Map([...byTerm].map(([term, ids]) => [term, Int32Array.from(ids)]));
    const size = questions.length;
    return new PhrasingIndex(
      index,
      Int32Array.from(owners),
      Float64Array.from(trust),
      Float64Array.from(weights),
      Int32Array.from(cues),
      postings,
      size,
    );
  }

  /**
   * Scores the phrasings against a query: afterwards `similarity(doc)` is the similarity of
   * the document's nearest phrasing, blended with its second nearest, until `clear()`.
   * `queryWeight` is the summed idf of the query's concepts; `cues` its question words.
   * Concepts not marked `essential` (common words) only add to phrasings an essential one
   * reached, so a word in half the phrasings does not make every one a candidate.
   */
  collect(concepts: readonly Concept[], essential: readonly boolean[], queryWeight: number, cues: number): void {
    const { touched } = this;
    concepts.forEach((concept, i) => {
      if (essential[i]) this.addConcept(concept, false);
    });
    concepts.forEach((concept, i) => {
      if (!essential[i]) this.addConcept(concept, touched.length > 0);
    });
    const queryTotal = queryWeight + CUE_WEIGHT * bitCount(cues);
    const { owners, matched, weights, trust, docBest, docSecond } = this;
    for (let i = 0; i < touched.length; i++) {
      const id = touched.at(i);
      const doc = owners[id] ?? 0;
      const shared = (matched[id] ?? 0) + CUE_WEIGHT * bitCount(cues & (this.cues[id] ?? 0));
      const similarity = Math.min(1, (2 * shared) / (queryTotal + (weights[id] ?? 0))) * (trust[id] ?? 0);
      const best = docBest[doc] ?? 0;
      if (best === 0 && docSecond[doc] === 0) this.docs.push(doc);
      if (similarity > best) {
        docSecond[doc] = best;
        docBest[doc] = similarity;
      } else if (similarity > (docSecond[doc] ?? 0)) docSecond[doc] = similarity;
      matched[id] = 0;
    }
    touched.clear();
  }

  /** The documents with a similarity since the last `clear()`. */
  get documents(): Pick<IdList, 'length' | 'at'> {
    return this.docs;
  }

  similarity(doc: number): number {
    return (1 - SECOND_SHARE) * (this.docBest[doc] ?? 0) + SECOND_SHARE * (this.docSecond[doc] ?? 0);
  }

  clear(): void {
    for (let i = 0; i < this.docs.length; i++) {
      this.docBest[this.docs.at(i)] = 0;
      this.docSecond[this.docs.at(i)] = 0;
    }
    this.docs.clear();
  }

  /**
   * A concept adds the idf of the term it matched, through its best variant, at most its own
   * worth. With `onlyTouched`, it adds only to phrasings already matched.
   */
  private addConcept(concept: Concept, onlyTouched: boolean): void {
    const { reached, touched, matched, best } = this;
    for (const variant of concept.variants) {
      const credit = Math.min(concept.weight, this.index.idf(variant.term) * variant.weight);
      const ids = this.postings.get(variant.term);
      if (!ids) continue;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] ?? 0;
        if (onlyTouched && matched[id] === 0) continue;
        const previous = best[id] ?? 0;
        if (previous === 0) reached.push(id);
        if (credit > previous) best[id] = credit;
      }
    }
    for (let i = 0; i < reached.length; i++) {
      const id = reached.at(i);
      if (matched[id] === 0) touched.push(id);
      matched[id] = (matched[id] ?? 0) + (best[id] ?? 0);
      best[id] = 0;
    }
    reached.clear();
  }
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}
