import { IdList } from './id-list';
import { KthBest } from './kth-best';
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
  /** Scratch: the similarity of the i-th phrasing in `touched`. */
  private readonly scores: Float64Array;
  private readonly reached: IdList;
  /** For `collectShared`: the query position (essential concepts first) of each term, else -1. */
  private readonly conceptOf: Int32Array;
  /** For `collectShared`: what each of the query's terms adds to a phrasing holding it. */
  private readonly creditOf: Float64Array;
  private readonly queryTerms: number[] = [];
  private shared: SharedQuery | undefined;
  /** After `collectShared`: how much more than its similarity so far a phrasing may score. */
  private slack = 0;

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
    this.scores = new Float64Array(owners.length);
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
    this.scoreConcepts(concepts, essential, queryWeight + CUE_WEIGHT * bitCount(cues), cues, true, Infinity);
    this.recordAbove(0);
  }

  /**
   * Adds the concepts' credits to the phrasings weighing at most `heaviest` they reach
   * (`touched`), the common ones only with `common`, then the similarity of the i-th touched
   * phrasing into `scores[i]`.
   */
  private scoreConcepts(
    concepts: readonly Concept[],
    essential: readonly boolean[],
    queryTotal: number,
    cues: number,
    common: boolean,
    heaviest: number,
  ): void {
    const { touched, scores } = this;
    concepts.forEach((concept, i) => {
      if (essential[i]) this.addConcept(concept, false, heaviest);
    });
    if (common) {
      concepts.forEach((concept, i) => {
        if (!essential[i]) this.addConcept(concept, touched.length > 0, heaviest);
      });
    }
    const { matched, weights, trust } = this;
    for (let i = 0; i < touched.length; i++) {
      const id = touched.at(i);
      const shared = (matched[id] ?? 0) + CUE_WEIGHT * bitCount(cues & (this.cues[id] ?? 0));
      scores[i] = Math.min(1, (2 * shared) / (queryTotal + (weights[id] ?? 0))) * (trust[id] ?? 0);
      matched[id] = 0;
    }
  }

  /** Records the touched phrasings scoring at least `floor` for their documents, and clears `touched`. */
  private recordAbove(floor: number): void {
    const { touched, scores, owners } = this;
    for (let i = 0; i < touched.length; i++) {
      const similarity = scores[i] ?? 0;
      if (similarity >= floor) this.record(owners[touched.at(i)] ?? 0, similarity);
    }
    touched.clear();
  }

  /**
   * A share (`FLOOR_SHARE`) of the `limit`-th best score of the touched phrasings: a phrasing
   * below it is unlikely to bring its document into the top `limit`, so it is bounded rather
   * than recorded, and the document is no contender through it.
   */
  private likelyFloor(limit: number): number {
    const { touched, scores } = this;
    if (touched.length <= limit) return 0;
    const kth = new KthBest(limit);
    for (let i = 0; i < touched.length; i++) kth.offer(scores[i] ?? 0);
    return FLOOR_SHARE * kth.value;
  }

  /**
   * Like `collect`, reading less: afterwards `similarity(doc)` is at most the exact one (a lower
   * bound), `similarityBound` at least, and `settle(doc)` makes it exact. The result is the most
   * a phrasing left unscored can score. Of two ways, the one reading the fewest postings:
   * - the phrasings matching two or more of the query's concepts, through the pair lists (a
   *   phrasing matching one concept alone scores little when each concept weighs little);
   * - the phrasings of the essential terms (only the lightest, when those are few), leaving out
   *   the long lists of common terms that add so little (`COMMON_SLACK`) that their share can be
   *   bounded rather than added; of these, only the phrasings likely to matter for the top
   *   `limit` are recorded (see `likelyFloor`).
   * Undefined, with nothing collected, when neither applies (the pairs read more than `collect`,
   * and the common terms add too much to be left out), or for a query they do not cover (a term
   * in two concepts, a term worth nothing, or no essential concept in any phrasing).
   */
  collectShared(
    concepts: readonly Concept[],
    essential: readonly boolean[],
    queryWeight: number,
    cues: number,
    maxSingle: number,
    limit: number,
  ): number | undefined {
    const essentialCount = essential.filter(Boolean).length;
    const order = [...concepts.filter((_, i) => essential[i]), ...concepts.filter((_, i) => !essential[i])];
    const prepared = this.prepareTerms(order, essentialCount);
    const queryTotal = queryWeight + CUE_WEIGHT * bitCount(cues);
    if (prepared) this.shared = { ...prepared, queryTotal, cues };
    const way = this.cheapestWay(maxSingle);
    if (!way) {
      this.releaseTerms();
      return undefined;
    }
    if (way.kind === 'pairs') {
      this.scoreLists(way.lists);
      this.recordAbove(0);
      return way.unscored;
    }
    this.scoreConcepts(concepts, essential, queryTotal, cues, false, way.heaviest);
    this.slack = way.slack;
    const floor = this.likelyFloor(limit);
    this.recordAbove(floor);
    return Math.max(floor, way.unscored);
  }

  /** Each phrasing in the lists once into `touched`, its similarity (from its own terms) into `scores`. */
  private scoreLists(lists: readonly Int32Array[]): void {
    const { touched, scores, best: found } = this;
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
      scores[i] = this.sharedSimilarity(id);
    }
  }

  /**
   * Of `collectShared`'s ways, the pairs when they read fewer postings than `collect` and than
   * the essential terms; else the essential terms, when the common ones add little enough.
   */
  private cheapestWay(target: number): Way | undefined {
    const query = this.shared;
    if (!query) return undefined;
    const { variantIds, essentialCount } = query;
    const slack = (2 * this.creditOutside(essentialCount)) / query.queryTotal;
    const essentials = slack <= COMMON_SLACK ? this.essentialsWay(target, slack) : undefined;
    const single = this.singleConceptBound();
    if (single < target) {
      const pairs = this.pairLists(single);
      if (pairs.cost < this.postingCount(variantIds.flat()) && !(essentials && essentials.cost < pairs.cost)) return pairs;
    }
    return essentials;
  }

  /**
   * The essential terms' postings, or only their lightest phrasings when those are few: the
   * phrasings so light that one heavier still, holding every concept of the query and its
   * question words, scores below `target` (what a phrasing weighs besides the query's words is
   * what keeps it from being near the query).
   */
  private essentialsWay(target: number, slack: number): Way & { kind: 'essentials' } {
    const { variantIds, essentialCount, queryTotal, cues } = this.shared ?? { variantIds: [], essentialCount: 0, queryTotal: 0, cues: 0 };
    const ids = variantIds.slice(0, essentialCount).flat();
    const all = this.postingCount(ids);
    const most = this.creditOutside(0) + CUE_WEIGHT * bitCount(cues);
    const heaviest = (2 * most) / target - queryTotal;
    const light = target > 0 && target < 1 ? ids.reduce((sum, id) => sum + this.layout.lighterThan(id, heaviest).length, 0) : all;
    if (light * LIGHT_SHARE > all) return { kind: 'essentials', cost: all, slack, heaviest: Infinity, unscored: 0 };
    return { kind: 'essentials', cost: light, slack, heaviest, unscored: Math.min(1, (2 * most) / (queryTotal + heaviest)) };
  }

  /** How many phrasing postings the terms (local ids) have together: what `collect` reads for them. */
  private postingCount(ids: readonly number[]): number {
    return ids.reduce((sum, id) => sum + this.layout.frequency(id), 0);
  }

  /** The summed best credits of the concepts from `position` on. */
  private creditOutside(position: number): number {
    const query = this.shared;
    let credit = 0;
    for (const ids of query?.variantIds.slice(position) ?? []) credit += Math.max(0, ...ids.map((id) => this.creditOf[id] ?? 0));
    return credit;
  }

  /**
   * The pair lists of the query being shared: each essential concept's terms with every later
   * concept's, each phrasing in them costing `SCORING_COST`.
   */
  private pairLists(unscored: number): Way & { kind: 'pairs' } {
    const { variantIds, essentialCount } = this.shared ?? { variantIds: [], essentialCount: 0 };
    const lists: Int32Array[] = [];
    let paired = 0;
    for (let i = 0; i < essentialCount; i++) {
      for (const first of variantIds[i] ?? []) {
        for (const second of variantIds.slice(i + 1).flat()) {
          const ids = this.layout.pair(first, second);
          if (!ids) continue;
          lists.push(ids);
          paired += ids.length;
        }
      }
    }
    return { kind: 'pairs', lists, cost: paired * SCORING_COST, unscored };
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

  /** At least `similarity(doc)` once settled, when the phrasings left unscored score at most `single`. */
  similarityBound(doc: number, single: number): number {
    const best = Math.max((this.docBest[doc] ?? 0) + this.slack, single);
    const second = Math.max((this.docSecond[doc] ?? 0) + this.slack, single);
    return (1 - SECOND_SHARE) * best + SECOND_SHARE * second;
  }

  /**
   * Whether `collectShared` may pay for these concepts: `collect` would read more than
   * `SPARING_POSTINGS` phrasing postings for them.
   */
  worthSparing(concepts: readonly Concept[]): boolean {
    let postings = 0;
    for (const concept of concepts) {
      for (const variant of concept.variants) postings += this.postings.get(variant.term)?.length ?? 0;
    }
    return postings > SPARING_POSTINGS;
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
    this.slack = 0;
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
  private addConcept(concept: Concept, onlyTouched: boolean, heaviest: number): void {
    const { reached, touched, matched, best } = this;
    const [only, ...others] = concept.variants;
    if (only && others.length === 0) {
      this.addTerm(only.term, Math.min(concept.weight, this.index.idf(only.term) * only.weight), onlyTouched, heaviest);
      return;
    }
    for (const variant of concept.variants) {
      const credit = Math.min(concept.weight, this.index.idf(variant.term) * variant.weight);
      const ids = this.phrasingsOf(variant.term, heaviest);
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

  /** The phrasings holding the term that weigh at most `heaviest`. */
  private phrasingsOf(term: string, heaviest: number): Int32Array | undefined {
    if (heaviest === Infinity) return this.postings.get(term);
    const id = this.layout.termIds.get(term);
    return id === undefined ? undefined : this.layout.lighterThan(id, heaviest);
  }

  /** `addConcept` for a concept of one term: no phrasing can be reached twice, so no best to keep. */
  private addTerm(term: string, credit: number, onlyTouched: boolean, heaviest: number): void {
    const ids = this.phrasingsOf(term, heaviest);
    if (!ids) return;
    const { touched, matched } = this;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? 0;
      const previous = matched[id] ?? 0;
      if (previous === 0) {
        if (onlyTouched) continue;
        touched.push(id);
      }
      matched[id] = previous + credit;
    }
  }
}

/** Below this many phrasing postings, reading them all is as quick as any other way. */
const SPARING_POSTINGS = 2000;

/** Scoring a phrasing on its own, from its terms, costs about as much as reading this many postings. */
const SCORING_COST = 10;

/**
 * The most the common concepts left out may add to a phrasing's similarity: more, and the
 * bounds are too loose to leave many documents out.
 */
const COMMON_SLACK = 0.02;

/** Reading only the lightest phrasings must read this many times fewer postings to be worth it. */
const LIGHT_SHARE = 4;

/** See `PhrasingIndex.likelyFloor`. */
const FLOOR_SHARE = 0.5;

/**
 * A way of `collectShared`, with what it costs in postings read: the phrasings in the pair lists
 * (the rest scoring at most `unscored`), or the essential terms' postings read as `collect` reads
 * them, the common ones left out (adding at most `slack` to a phrasing's similarity), of
 * phrasings weighing at most `heaviest` (the rest scoring at most `unscored`).
 */
type Way =
  | { kind: 'pairs'; lists: Int32Array[]; cost: number; unscored: number }
  | { kind: 'essentials'; cost: number; slack: number; heaviest: number; unscored: number };

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
