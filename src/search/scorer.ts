import { IdList } from './id-list';
import { KthBest } from './kth-best';
import { scoreIn, type InvertedIndex, type Postings } from './inverted-index';
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
  /**
   * Rank with per-term upper bounds instead of adding up every posting. Needs every field weight to be
   * positive (so a document holding a word always scores above zero); the ranking is the same either way.
   */
  pruning: boolean;
}

/** A query concept resolved for scoring one document at a time, in the order `rank` adds concepts. */
interface LookupConcept {
  cap: number;
  /** Adds only to a document an earlier concept found (see `ESSENTIAL_SHARE`). */
  onlyTouched: boolean;
  variants: { postings: Postings; weight: number }[];
}

interface LookupPlan {
  concepts: LookupConcept[];
  phrases: Postings[];
  /** The most all the concepts together can add to any one document's BM25F total. */
  conceptBound: number;
  /** Postings short enough to visit: every document in them is scored as a contender. */
  scanned: Postings[];
  /** The most the concepts can add to a document in none of the `scanned` postings. */
  unscannedBound: number;
  /** The most a phrasing left unscored can score (0 when every phrasing was scored). */
  singlePhrasing: number;
  /** Whether a document's phrasing similarity must be made exact before it is scored. */
  settle: boolean;
}

/**
 * How far apart two computations of the same score may be through rounding alone: bounds are
 * added up in another order than scores, so a bound is trusted only by more than this.
 */
const ROUNDING_MARGIN = 1e-9;

/**
 * Scoring some phrasings only proves the top results when those left out cannot reach the k-th
 * score; the ways of `PhrasingIndex.collectShared` aim to leave out only phrasings whose share of
 * the score is below this (a typical k-th score of a question made of common words), as a failed
 * attempt costs about as much as it saves.
 */
const PARTIAL_TARGET = 0.4;

/** A partial ranking gives up (for the plain bounded one) when more contenders than this are left to score. */
const PARTIAL_SCORING_LIMIT = 200;

/** How `Scorer.contenders` marks a document: found, and found in a scanned term's postings. */
const CONTENDER = 1;
const IN_SCANNED = 2;
const SCORED = 3;

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
  private readonly contenderList: IdList;

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
    this.contenderList = new IdList(index.size);
  }

  rank(query: AnalysedQuery, limit: number): Ranked[] {
    const queryWeight = this.queryWeight(query.concepts);
    if (queryWeight === 0 || limit <= 0) return [];
    const essential = this.essential(query.concepts);
    // Below PRUNE_LENGTH documents no word is common and reading every posting is quickest.
    if (!this.settings.pruning || this.index.size <= PRUNE_LENGTH) {
      return this.rankExhaustive(query, essential, queryWeight, limit);
    }
    const partial = this.phrasings.worthSparing(query.concepts)
      ? this.rankBounded(query, essential, queryWeight, limit, true)
      : undefined;
    return (
      partial ??
      this.rankBounded(query, essential, queryWeight, limit, false) ??
      this.rankExhaustive(query, essential, queryWeight, limit)
    );
  }

  /** Adds up every posting of every query term: the reference the bounded ranking must agree with. */
  private rankExhaustive(query: AnalysedQuery, essential: readonly boolean[], queryWeight: number, limit: number): Ranked[] {
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
    this.clearTotals(touched);
    return ranked;
  }

  /**
   * The same ranking without visiting the postings of common words. A word's BM25F share of the
   * score is small (its upper bound assumes infinitely many occurrences), while the nearest
   * phrasing decides most of it. So the phrasings are scored first; a document's score is then
   * at most its phrasing part plus what the words could add at their best (the largest posting
   * of each term), and only documents whose bound reaches the k-th best are scored exactly, by
   * looking their postings up. With `partial`, the same goes for the phrasings: only some are
   * scored (those sharing two of the query's concepts, or those of its essential terms), the rest
   * bounded (see `PhrasingIndex.collectShared`). Undefined when the bounds cannot prove the result (then the
   * caller tries a plainer way).
   */
  private rankBounded(
    query: AnalysedQuery,
    essential: readonly boolean[],
    queryWeight: number,
    limit: number,
    partial: boolean,
  ): Ranked[] | undefined {
    const plan = this.lookupPlan(query, essential);
    if (!plan) return undefined;
    const single = this.collectPhrasings(query, essential, queryWeight, partial, limit);
    if (single === undefined) return undefined;
    plan.singlePhrasing = single;
    plan.settle = partial;
    const bound = this.upperBound(queryWeight, query.phrases);
    const phraseDocs = this.addPhraseSums(plan.phrases);
    const { contenders, guess } = this.contenders(phraseDocs, plan, bound, limit);
    const scored = this.reached;
    const kth = new KthBest(limit);
    // The likeliest first, so the running k-th is near the final one before the rest are bounded.
    for (let i = 0; i < contenders.length; i++) {
      const doc = contenders.at(i);
      if (this.leastScore(doc, bound) < guess) continue;
      if (this.scoreExactly(doc, plan, scored)) kth.offer(this.scoreOf(doc, bound));
      this.bestWeight[doc] = SCORED;
    }
    if (partial && !this.partialPays(contenders, plan, bound, Math.max(guess, kth.value))) {
      this.release(phraseDocs, contenders, scored);
      return undefined;
    }
    for (let i = 0; i < contenders.length; i++) {
      const doc = contenders.at(i);
      if (this.bestWeight[doc] === SCORED) continue;
      if (this.scoreBound(doc, plan, bound) + ROUNDING_MARGIN < Math.max(guess, kth.value)) continue;
      if (this.scoreExactly(doc, plan, scored)) kth.offer(this.scoreOf(doc, bound));
    }
    const ranked = this.top(scored, query, bound, limit);
    const last = ranked.length >= limit ? ranked[limit - 1] : undefined;
    // Every document left out scores below `guess`, a contender's running k-th or the unfound bound.
    const proven = last !== undefined && last.score >= guess && this.unfoundBound(plan, bound) + ROUNDING_MARGIN < last.score;
    this.release(phraseDocs, contenders, scored);
    return proven ? ranked : undefined;
  }

  /**
   * Whether the bounds of a partial ranking are tight enough to be worth finishing: documents
   * without a scored phrasing must fall below the k-th so far, and few contenders be left to score
   * one by one (each costs as much as reading its phrasings).
   */
  private partialPays(contenders: IdList, plan: LookupPlan, bound: number, threshold: number): boolean {
    if (this.unfoundBound(plan, bound) + ROUNDING_MARGIN >= threshold) return false;
    let left = 0;
    for (let i = 0; i < contenders.length && left <= PARTIAL_SCORING_LIMIT; i++) {
      const doc = contenders.at(i);
      if (this.bestWeight[doc] !== SCORED && this.scoreBound(doc, plan, bound) + ROUNDING_MARGIN >= threshold) left++;
    }
    return left <= PARTIAL_SCORING_LIMIT;
  }

  /** The most a document that is no contender can score: unscanned words at their best, unscored phrasings at theirs. */
  private unfoundBound(plan: LookupPlan, bound: number): number {
    const { phrasingWeight } = this.settings;
    return (1 - phrasingWeight) * Math.min(1, plan.unscannedBound / bound) + phrasingWeight * plan.singlePhrasing;
  }

  private release(phraseDocs: IdList, contenders: IdList, scored: IdList): void {
    this.phrasings.clear();
    this.clearTotals(scored);
    this.clearPhraseSums(phraseDocs);
    this.clearContenders(contenders);
  }

  /**
   * Scores the phrasings, all of them or (`partial`) some; returns the most a phrasing left
   * unscored can score, or undefined when no partial way applies.
   */
  private collectPhrasings(
    query: AnalysedQuery,
    essential: readonly boolean[],
    queryWeight: number,
    partial: boolean,
    limit: number,
  ): number | undefined {
    if (partial) {
      const maxSingle = PARTIAL_TARGET / this.settings.phrasingWeight;
      return this.phrasings.collectShared(query.concepts, essential, queryWeight, query.cues, maxSingle, limit);
    }
    this.phrasings.collect(query.concepts, essential, queryWeight, query.cues);
    return 0;
  }

  /**
   * The concepts in the order `rankExhaustive` adds them, with their postings found once.
   * Undefined for what the bounds do not cover: a variant or concept worth nothing (which
   * would reach a document without scoring it), or common words left to no rarer one.
   */
  private lookupPlan(query: AnalysedQuery, essential: readonly boolean[]): LookupPlan | undefined {
    const concepts: LookupConcept[] = [];
    const scanned: Postings[] = [];
    let conceptBound = 0;
    let unscannedBound = 0;
    let reachedAny = false;
    const order = [...query.concepts.filter((_, i) => essential[i]), ...query.concepts.filter((_, i) => !essential[i])];
    const essentialCount = essential.filter(Boolean).length;
    for (const [position, concept] of order.entries()) {
      const isEssential = position < essentialCount;
      if (!isEssential && !reachedAny) return undefined;
      const cap = concept.weight * (this.settings.k1 + 1);
      const variants: LookupConcept['variants'] = [];
      let best = 0;
      let bestUnscanned = 0;
      for (const { term, weight } of concept.variants) {
        const postings = this.index.postingsOf(term);
        if (!postings) continue;
        if (!(weight > 0 && cap > 0)) return undefined;
        variants.push({ postings, weight });
        const most = Math.min(cap, postings.maxScore * weight);
        best = Math.max(best, most);
        if (postings.docs.length <= PRUNE_LENGTH) scanned.push(postings);
        else bestUnscanned = Math.max(bestUnscanned, most);
      }
      if (variants.length > 0) reachedAny = true;
      conceptBound += best;
      unscannedBound += bestUnscanned;
      concepts.push({ cap, onlyTouched: !isEssential, variants });
    }
    const phrases = query.phrases.map((phrase) => this.index.postingsOf(phrase)).filter((p) => p !== undefined);
    if (phrases.length > 0 && !(this.settings.phraseWeight > 0)) return undefined;
    return { concepts, phrases, conceptBound, scanned, unscannedBound, singlePhrasing: 0, settle: false };
  }

  /** Each document's phrase total into `best`, as `addPhrase` would add it; returns the documents. */
  private addPhraseSums(phrases: readonly Postings[]): IdList {
    const { touched, best } = this;
    for (const { docs, scores } of phrases) {
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] ?? 0;
        if (best[doc] === 0) touched.push(doc);
        best[doc] = (best[doc] ?? 0) + (scores[i] ?? 0) * this.settings.phraseWeight;
      }
    }
    return touched;
  }

  /**
   * Documents with a phrasing or a scanned term matched, each once, and those with a phrase
   * matched that could reach the top. `bestWeight` marks them: `CONTENDER`, or `IN_SCANNED` for
   * those a scanned (rarer, heavier) term may add to. Also the guess: the k-th best of the scores
   * the contenders have at least (phrasing part and phrases only), a guess of the final k-th
   * score that prunes most documents. `rankBounded` checks it held, so a document with a phrase
   * that cannot reach it is no contender.
   */
  private contenders(phraseDocs: IdList, plan: LookupPlan, bound: number, limit: number): { contenders: IdList; guess: number } {
    const { contenderList, bestWeight } = this;
    const kth = new KthBest(limit);
    const add = (doc: number, mark: number): void => {
      if (bestWeight[doc] !== 0) return;
      bestWeight[doc] = mark;
      contenderList.push(doc);
      kth.offer(this.leastScore(doc, bound));
    };
    // Rare terms first: their documents tend to score highest, which raises the running k-th early.
    for (const { docs } of plan.scanned) for (let i = 0; i < docs.length; i++) add(docs[i] ?? 0, IN_SCANNED);
    const withPhrasing = this.phrasings.documents;
    for (let i = 0; i < withPhrasing.length; i++) add(withPhrasing.at(i), CONTENDER);
    for (let i = 0; i < phraseDocs.length; i++) {
      const doc = phraseDocs.at(i);
      if (bestWeight[doc] !== 0) continue;
      bestWeight[doc] = CONTENDER;
      if (this.scoreBound(doc, plan, bound) + ROUNDING_MARGIN < kth.value) bestWeight[doc] = 0;
      else {
        contenderList.push(doc);
        kth.offer(this.leastScore(doc, bound));
      }
    }
    return { contenders: contenderList, guess: kth.value };
  }

  /** What a contender scores at least, should the exhaustive ranking find it: its phrasings and phrases so far. */
  private leastScore(doc: number, bound: number): number {
    const { phrasingWeight } = this.settings;
    return (1 - phrasingWeight) * Math.min(1, (this.best[doc] ?? 0) / bound) + phrasingWeight * this.phrasings.similarity(doc);
  }

  /** The most a contender can score: its phrasing part exactly, its words at their best. */
  private scoreBound(doc: number, plan: LookupPlan, bound: number): number {
    const { phrasingWeight } = this.settings;
    const concepts = this.bestWeight[doc] === IN_SCANNED ? plan.conceptBound : plan.unscannedBound;
    const words = Math.min(1, (concepts + (this.best[doc] ?? 0)) / bound);
    return (1 - phrasingWeight) * words + phrasingWeight * this.phrasings.similarityBound(doc, plan.singlePhrasing);
  }

  /**
   * Adds up one document's total and coverage exactly as `addConcept` and `addPhrase` do, in
   * the same order (so the same rounding), by looking its postings up; pushes it to `scored`
   * when the exhaustive ranking would have found it.
   */
  private scoreExactly(doc: number, plan: LookupPlan, scored: IdList): boolean {
    let total = 0;
    let matched = 0;
    let found = false;
    for (const concept of plan.concepts) {
      if (concept.onlyTouched && total === 0) continue;
      let best = 0;
      let bestWeight = 0;
      let reached = false;
      for (const { postings, weight } of concept.variants) {
        const posting = scoreIn(postings, doc);
        if (posting === undefined) continue;
        reached = true;
        const score = Math.min(concept.cap, posting * weight);
        if (score > best) best = score;
        if (weight > bestWeight) bestWeight = weight;
      }
      if (!reached) continue;
      found = true;
      total = total + best;
      matched = matched + bestWeight;
    }
    for (const postings of plan.phrases) {
      const posting = scoreIn(postings, doc);
      if (posting === undefined) continue;
      found = true;
      total = total + posting * this.settings.phraseWeight;
    }
    if (!found) return false;
    if (plan.settle) this.phrasings.settle(doc);
    this.total[doc] = total;
    this.matched[doc] = matched;
    scored.push(doc);
    return true;
  }

  private clearTotals(docs: IdList): void {
    for (let i = 0; i < docs.length; i++) {
      this.total[docs.at(i)] = 0;
      this.matched[docs.at(i)] = 0;
    }
    docs.clear();
  }

  private clearPhraseSums(docs: IdList): void {
    for (let i = 0; i < docs.length; i++) this.best[docs.at(i)] = 0;
    docs.clear();
  }

  private clearContenders(docs: IdList): void {
    for (let i = 0; i < docs.length; i++) this.bestWeight[docs.at(i)] = 0;
    docs.clear();
  }

  /** A document's score once its total is added up: BM25F over its bound, blended with its nearest phrasing. */
  private scoreOf(doc: number, bound: number): number {
    const { phrasingWeight } = this.settings;
    return (1 - phrasingWeight) * Math.min(1, (this.total[doc] ?? 0) / bound) + phrasingWeight * this.phrasings.similarity(doc);
  }

  private top(touched: IdList, query: AnalysedQuery, bound: number, limit: number): Ranked[] {
    return topDocs(touched, (doc) => this.scoreOf(doc, bound), limit).map(({ doc, score }) => ({
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
