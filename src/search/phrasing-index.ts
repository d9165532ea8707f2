import { IdList } from './id-list';
import type { InvertedIndex } from './inverted-index';
import { questionCues } from '../language/lexicon';
import { PhrasingLayout } from './phrasing-layout';
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
  /** For `collectShared`: the query position (essential concepts first) of each term, else -1. */
  private readonly conceptOf: Int32Array;
  /** For `collectShared`: what each of the query's terms adds to a phrasing holding it. */
  private readonly creditOf: Float64Array;
  private readonly queryTerms: number[] = [];
  private shared: SharedQuery | undefined;

  private constructor(
    private readonly index: InvertedIndex,
    private readonly owners: Int32Array,
    /** How much a match on this text counts: keywords less than whole questions. */
    private readonly trust: Float64Array,
    /** Sum of the idf of each phrasing's distinct terms and its question words. */
    private readonly weights: Float64Array,
    private readonly cues: Int32Array,
    private readonly postings: ReadonlyMap<string, Int32Array>,
    private readonly layout: PhrasingLayout,
    /** Document `d`'s phrasings are the ids from `firstPhrasing[d]` up to `firstPhrasing[d + 1]`. */
    private readonly firstPhrasing: Int32Array,
    documentCount: number,
  ) {
    this.matched = new Float64Array(owners.length);
    this.best = new Float64Array(owners.length);
    this.docBest = new Float64Array(documentCount);
    this.docSecond = new Float64Array(documentCount);
    this.docs = new IdList(owners.length);
    this.touched = new IdList(owners.length);
    this.reached = new IdList(owners.length);
    this.conceptOf = new Int32Array(layout.termCount).fill(-1);
    this.creditOf = new Float64Array(layout.termCount);
  }

  /** `questions[d]` are the question-like texts of document `d`, each with how far it is trusted. */
  static build(questions: readonly (readonly QuestionText[])[], index: InvertedIndex): PhrasingIndex {
    const owners: number[] = [];
    const trust: number[] = [];
    const cues: number[] = [];
    const weights: number[] = [];
    const byTerm = new Map<string, number[]>();
    const made: { terms: string[]; cues: number; trust: number; weight: number }[] = [];
    const firstPhrasing = new Int32Array(questions.length + 1);
    questions.forEach((texts, doc) => {
      firstPhrasing[doc] = owners.length;
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
        made.push({ terms: [...distinct], cues: cueMask, trust: weight, weight: weights[id] ?? 0 });
        for (const term of distinct) {
          const list = byTerm.get(term) ?? [];
          if (list.length === 0) byTerm.set(term, list);
          list.push(id);
        }
      }
    });
    firstPhrasing[questions.length] = owners.length;
    const postings = new Map([...byTerm].map(([term, ids]) => [term, Int32Array.from(ids)]));
    const size = questions.length;
    return new PhrasingIndex(
      index,
      Int32Array.from(owners),
      Float64Array.from(trust),
      Float64Array.from(weights),
      Int32Array.from(cues),
      postings,
      PhrasingLayout.build(made),
      firstPhrasing,
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
    const { owners, matched, weights, trust } = this;
    for (let i = 0; i < touched.length; i++) {
      const id = touched.at(i);
      const doc = owners[id] ?? 0;
      const shared = (matched[id] ?? 0) + CUE_WEIGHT * bitCount(cues & (this.cues[id] ?? 0));
      const similarity = Math.min(1, (2 * shared) / (queryTotal + (weights[id] ?? 0))) * (trust[id] ?? 0);
      this.record(doc, similarity);
      matched[id] = 0;
    }
    touched.clear();
  }

  /**
   * Like `collect`, for the phrasings matching two or more of the query's concepts only, found
   * through the pair lists, so the long lists of common words are not read. Afterwards
   * `similarity(doc)` is at most the exact one (a lower bound), `settle(doc)` makes it exact, and
   * the result is the most any phrasing matching one concept alone can score: the bound for
   * what was skipped. Undefined, with nothing collected, for a query the pairs do not cover (a
   * term in two concepts, a term worth nothing, or no essential concept in any phrasing).
   */
  collectShared(
    concepts: readonly Concept[],
    essential: readonly boolean[],
    queryWeight: number,
    cues: number,
    maxSingle: number,
  ): number | undefined {
    const order = [...concepts.filter((_, i) => essential[i]), ...concepts.filter((_, i) => !essential[i])];
    const query = this.prepareTerms(order, essential.filter(Boolean).length);
    if (query) this.shared = { ...query, queryTotal: queryWeight + CUE_WEIGHT * bitCount(cues), cues };
    const single = this.singleConceptBound();
    const lists = single < maxSingle ? this.pairLists() : undefined;
    if (!lists) {
      this.releaseTerms();
      return undefined;
    }
    const { touched, best: found } = this;
    for (const ids of lists) {
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k] ?? 0;
        if (found[id] !== 0) continue;
        found[id] = 1;
        touched.push(id);
      }
    }
    for (let i = 0; i < touched.length; i++) {
      const id = touched.at(i);
      found[id] = 0;
      this.record(this.owners[id] ?? 0, this.sharedSimilarity(id));
    }
    touched.clear();
    return single;
  }

  /**
   * The pair lists of the query being shared: each essential concept's terms with every later
   * concept's. Undefined when they are more than a tenth of what `collect` would read
   * (words that nearly always come together, like "auto" and "renew"): pairing would not pay.
   */
  private pairLists(): Int32Array[] | undefined {
    const query = this.shared;
    if (!query) return undefined;
    const { variantIds, essentialCount } = query;
    const lists: Int32Array[] = [];
    let paired = 0;
    let single = 0;
    for (let i = 0; i < variantIds.length; i++) {
      for (const first of variantIds[i] ?? []) {
        single += this.layout.frequency(first);
        if (i >= essentialCount) continue;
        for (const second of variantIds.slice(i + 1).flat()) {
          const ids = this.layout.pair(first, second);
          if (!ids) continue;
          lists.push(ids);
          paired += ids.length;
        }
      }
    }
    return paired * PAIRING_GAIN <= single ? lists : undefined;
  }

  /** After `collectShared`: the document's exact similarity, from every one of its phrasings. */
  settle(doc: number): void {
    const { docBest, docSecond } = this;
    if (docBest[doc] === 0 && docSecond[doc] === 0) this.docs.push(doc);
    let best = 0;
    let second = 0;
    for (let id = this.firstPhrasing[doc] ?? 0; id < (this.firstPhrasing[doc + 1] ?? 0); id++) {
      const similarity = this.sharedSimilarity(id);
      if (similarity > best) {
        second = best;
        best = similarity;
      } else if (similarity > second) second = similarity;
    }
    docBest[doc] = best;
    docSecond[doc] = second;
  }

  /** At most `similarity(doc)` once settled, when phrasings matching one concept score at most `single`. */
  similarityBound(doc: number, single: number): number {
    const best = Math.max(this.docBest[doc] ?? 0, single);
    const second = Math.max(this.docSecond[doc] ?? 0, single);
    return (1 - SECOND_SHARE) * best + SECOND_SHARE * second;
  }

  /**
   * Whether `collectShared` may pay for these concepts: two or more of them are in phrasings,
   * and `collect` would read more than `PAIRING_POSTINGS` phrasing postings for them.
   */
  worthPairing(concepts: readonly Concept[]): boolean {
    let inPhrasings = 0;
    let postings = 0;
    for (const concept of concepts) {
      const lengths = concept.variants.map((variant) => this.postings.get(variant.term)?.length ?? 0);
      if (lengths.some((length) => length > 0)) inPhrasings++;
      postings += lengths.reduce((sum, length) => sum + length, 0);
    }
    return inPhrasings >= 2 && postings > PAIRING_POSTINGS;
  }

  /** The documents with a similarity since the last `clear()`. */
  get documents(): Pick<IdList, 'length' | 'at'> {
    return this.docs;
  }

  similarity(doc: number): number {
    return (1 - SECOND_SHARE) * (this.docBest[doc] ?? 0) + SECOND_SHARE * (this.docSecond[doc] ?? 0);
  }

  clear(): void {
    this.releaseTerms();
    for (let i = 0; i < this.docs.length; i++) {
      this.docBest[this.docs.at(i)] = 0;
      this.docSecond[this.docs.at(i)] = 0;
    }
    this.docs.clear();
  }

  /** Keeps the document's two nearest phrasings (in any order of arrival, the same two; `settle` keeps them alike). */
  private record(doc: number, similarity: number): void {
    const { docBest, docSecond } = this;
    const best = docBest[doc] ?? 0;
    if (best === 0 && docSecond[doc] === 0) this.docs.push(doc);
    if (similarity > best) {
      docSecond[doc] = best;
      docBest[doc] = similarity;
    } else if (similarity > (docSecond[doc] ?? 0)) docSecond[doc] = similarity;
  }

  /**
   * Marks the query's terms with their position and credit, as `addConcept` would credit them.
   * Undefined when a term serves two concepts, a credit is not positive (a phrasing would be
   * reached without gaining), or no essential concept is in any phrasing (then `collect` lets
   * common words reach phrasings on their own).
   */
  private prepareTerms(order: readonly Concept[], essentialCount: number): Omit<SharedQuery, 'queryTotal' | 'cues'> | undefined {
    const { conceptOf, creditOf, queryTerms } = this;
    const variantIds: number[][] = [];
    let essentialInPhrasings = false;
    for (const [position, concept] of order.entries()) {
      const ids: number[] = [];
      for (const variant of concept.variants) {
        const id = this.layout.termIds.get(variant.term);
        if (id === undefined) continue;
        const credit = Math.min(concept.weight, this.index.idf(variant.term) * variant.weight);
        if (!(credit > 0)) return undefined;
        const owner = conceptOf[id] ?? -1;
        if (owner !== -1 && owner !== position) return undefined;
        if (owner === -1) {
          conceptOf[id] = position;
          queryTerms.push(id);
          ids.push(id);
        }
        creditOf[id] = Math.max(creditOf[id] ?? 0, credit);
        if (position < essentialCount) essentialInPhrasings = true;
      }
      variantIds.push(ids);
    }
    if (!essentialInPhrasings) return undefined;
    return { variantIds, essentialCount, perConcept: new Float64Array(order.length) };
  }

  private releaseTerms(): void {
    for (const id of this.queryTerms) {
      this.conceptOf[id] = -1;
      this.creditOf[id] = 0;
    }
    this.queryTerms.length = 0;
    this.shared = undefined;
  }

  /**
   * A phrasing's similarity as `collect` computes it, from its own terms: each concept adds its
   * best credit, essential concepts first and in query order (so the same sum, the same
   * rounding); 0 when no essential concept is in it (`collect` would not reach it).
   */
  private sharedSimilarity(id: number): number {
    const query = this.shared;
    if (!query) return 0;
    const { conceptOf, creditOf } = this;
    const { perConcept, essentialCount } = query;
    let essentialFound = false;
    for (let at = this.layout.termStart[id] ?? 0; at < (this.layout.termStart[id + 1] ?? 0); at++) {
      const term = this.layout.terms[at] ?? 0;
      const position = conceptOf[term] ?? -1;
      if (position === -1) continue;
      if (position < essentialCount) essentialFound = true;
      perConcept[position] = Math.max(perConcept[position] ?? 0, creditOf[term] ?? 0);
    }
    let matched = 0;
    for (let position = 0; position < perConcept.length; position++) {
      matched = matched + (perConcept[position] ?? 0);
      perConcept[position] = 0;
    }
    if (!essentialFound) return 0;
    const shared = matched + CUE_WEIGHT * bitCount(query.cues & (this.cues[id] ?? 0));
    return Math.min(1, (2 * shared) / (query.queryTotal + (this.weights[id] ?? 0))) * (this.trust[id] ?? 0);
  }

  /**
   * The most a phrasing matched by one essential concept alone can score: its best term's
   * credit, the question words it could share, over the lightest phrasing of that shape.
   */
  private singleConceptBound(): number {
    const query = this.shared;
    if (!query) return 1;
    const { shapeStart, shapeCues, shapeTrust, shapeWeight } = this.layout;
    let most = 0;
    for (const ids of query.variantIds.slice(0, query.essentialCount)) {
      for (const id of ids) {
        const credit = this.creditOf[id] ?? 0;
        for (let at = shapeStart[id] ?? 0; at < (shapeStart[id + 1] ?? 0); at++) {
          const shared = credit + CUE_WEIGHT * bitCount(query.cues & (shapeCues[at] ?? 0));
          const similarity = Math.min(1, (2 * shared) / (query.queryTotal + (shapeWeight[at] ?? 0))) * (shapeTrust[at] ?? 0);
          most = Math.max(most, similarity);
        }
      }
    }
    return most;
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

/** Below this many phrasing postings, reading them all is as quick as pairing. */
const PAIRING_POSTINGS = 2000;

/** Pairing must read this many times fewer postings than `collect` to be worth its slower scoring. */
const PAIRING_GAIN = 10;

/** A query being scored by `collectShared`. */
interface SharedQuery {
  /** Local term ids of each concept's variants, by position (essential concepts first). */
  variantIds: number[][];
  essentialCount: number;
  /** Scratch: the best credit per position for the phrasing being scored. */
  perConcept: Float64Array;
  queryTotal: number;
  cues: number;
}

function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++;
  return count;
}
