/**
 * What each phrasing is made of, for scoring one phrasing at a time and for finding the phrasings
 * that hold two given terms. A question near a phrasing shares several of its words with it, and
 * two common words are together in far fewer phrasings than either alone.
 */
export class PhrasingLayout {
  private constructor(
    /** A local id per term found in any phrasing. */
    readonly termIds: ReadonlyMap<string, number>,
    /** Phrasing `p`'s distinct terms are `terms[termStart[p]]` up to `terms[termStart[p + 1]]`. */
    readonly termStart: Int32Array,
    readonly terms: Int32Array,
    /** The phrasings holding both terms of a pair, under `pairKey`. */
    private readonly pairs: ReadonlyMap<number, Int32Array>,
    /**
     * Per term, the lightest phrasing holding it for each combination of question words and
     * trust it occurs with: `shapeCues[i]`, `shapeTrust[i]`, `shapeWeight[i]` for `i` from
     * `shapeStart[term]` up to `shapeStart[term + 1]`.
     */
    readonly shapeStart: Int32Array,
    readonly shapeCues: Int32Array,
    readonly shapeTrust: Float64Array,
    readonly shapeWeight: Float64Array,
    private readonly termFrequency: Int32Array,
    /**
     * Per term, the phrasings holding it from the lightest up: `byWeight[i]`, weighing
     * `byWeightWeight[i]`, for `i` from `byWeightStart[term]` up to `byWeightStart[term + 1]`.
     */
    private readonly byWeightStart: Int32Array,
    private readonly byWeight: Int32Array,
    private readonly byWeightWeight: Float64Array,
  ) {}

  /** `phrasings[p]` are phrasing `p`'s distinct terms, with its question words, trust and weight. */
  static build(phrasings: readonly { terms: readonly string[]; cues: number; trust: number; weight: number }[]): PhrasingLayout {
    const termIds = new Map<string, number>();
    const termStart = new Int32Array(phrasings.length + 1);
    const terms: number[] = [];
    phrasings.forEach((phrasing, p) => {
      for (const term of phrasing.terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
        }
        terms.push(id);
      }
      termStart[p + 1] = terms.length;
    });
    const termCount = termIds.size;
    const pairs = new Map<number, number[]>();
    const shapes: { cues: number; trust: number; weight: number }[][] = Array.from({ length: termCount }, () => []);
    phrasings.forEach(({ cues, trust, weight }, p) => {
      const own = terms.slice(termStart[p], termStart[p + 1]);
      own.forEach((first, i) => {
        for (const second of own.slice(i + 1)) {
          const key = pairKey(first, second, termCount);
          const list = pairs.get(key) ?? [];
          if (list.length === 0) pairs.set(key, list);
          list.push(p);
        }
        const termShapes = shapes[first] ?? [];
        const same = termShapes.find((shape) => shape.cues === cues && shape.trust === trust);
        if (!same) termShapes.push({ cues, trust, weight });
        else if (weight < same.weight) same.weight = weight;
      });
    });
    const shapeStart = new Int32Array(termCount + 1);
    shapes.forEach((termShapes, term) => (shapeStart[term + 1] = (shapeStart[term] ?? 0) + termShapes.length));
    const flat = shapes.flat();
    return new PhrasingLayout(
      termIds,
      termStart,
      Int32Array.from(terms),
      new Map([...pairs].map(([key, list]) => [key, Int32Array.from(list)])),
      shapeStart,
      Int32Array.from(flat, (shape) => shape.cues),
      Float64Array.from(flat, (shape) => shape.trust),
      Float64Array.from(flat, (shape) => shape.weight),
      ...lightestFirst(phrasings.map((phrasing) => phrasing.weight), termStart, terms, termCount),
    );
  }

  /** How many phrasings hold the term (local id). */
  frequency(term: number): number {
    return this.termFrequency[term] ?? 0;
  }

  get termCount(): number {
    return this.termIds.size;
  }

  /** The phrasings holding the term (local id) that weigh at most `weight`, the lightest first. */
  lighterThan(term: number, weight: number): Int32Array {
    const start = this.byWeightStart[term] ?? 0;
    let end = this.byWeightStart[term + 1] ?? 0;
    let low = start;
    while (low < end) {
      const middle = (low + end) >>> 1;
      if ((this.byWeightWeight[middle] ?? 0) <= weight) low = middle + 1;
      else end = middle;
    }
    return this.byWeight.subarray(start, low);
  }

  /** The phrasings holding both terms (local ids), in phrasing order. */
  pair(first: number, second: number): Int32Array | undefined {
    return this.pairs.get(pairKey(first, second, this.termCount));
  }
}

function termFrequency(terms: readonly number[], termCount: number): Int32Array {
  const counts = new Int32Array(termCount);
  for (const term of terms) counts[term] = (counts[term] ?? 0) + 1;
  return counts;
}

/** Each term's frequency, and its phrasings ordered by weight, the lightest first (ties in phrasing order). */
function lightestFirst(
  weights: readonly number[],
  termStart: Int32Array,
  terms: readonly number[],
  termCount: number,
): [Int32Array, Int32Array, Int32Array, Float64Array] {
  const frequency = termFrequency(terms, termCount);
  const start = new Int32Array(termCount + 1);
  for (let term = 0; term < termCount; term++) start[term + 1] = (start[term] ?? 0) + (frequency[term] ?? 0);
  const filled = start.slice(0, termCount);
  const ids = new Int32Array(terms.length);
  for (let p = 0; p < weights.length; p++) {
    for (let at = termStart[p] ?? 0; at < (termStart[p + 1] ?? 0); at++) {
      const term = terms[at] ?? 0;
      const slot = filled[term] ?? 0;
      ids[slot] = p;
      filled[term] = slot + 1;
    }
  }
  for (let term = 0; term < termCount; term++) {
    const own = ids.subarray(start[term], start[term + 1]);
    own.set(Int32Array.from(own).sort((a, b) => (weights[a] ?? 0) - (weights[b] ?? 0) || a - b));
  }
  return [frequency, start, ids, Float64Array.from(ids, (p) => weights[p] ?? 0)];
}

/** One number per unordered pair of term ids. */
function pairKey(first: number, second: number, termCount: number): number {
  return first < second ? first * termCount + second : second * termCount + first;
}
