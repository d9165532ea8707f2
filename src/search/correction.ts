import Fuse from 'fuse.js';

/** A misspelled query word replaced by a word the articles use. */
export interface Correction {
  word: string;
  term: string;
  /** 1 - edits / length: how much the correction is trusted. */
  similarity: number;
}

/** Words shorter than this are never corrected: too many real words are one edit apart. */
const MIN_LENGTH = 5;

/**
 * Corrects misspelled query words against the articles' own vocabulary ("purchse histroy").
 * Fuse finds candidates quickly; an edit-distance check then keeps only near misses, so an
 * unrelated real word ("weather") is not bent into a knowledge word.
 */
export class TermCorrector {
  private readonly fuse: Fuse<string>;

  constructor(
    private readonly words: ReadonlyMap<string, string>,
    private readonly frequency: (term: string) => number,
  ) {
    const candidates = [...words.keys()].filter((word) => word.length >= MIN_LENGTH - 1 && !/\d/.test(word));
    this.fuse = new Fuse(candidates, { includeScore: true, ignoreLocation: true, threshold: 0.34 });
  }

  correct(word: string): Correction | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    const allowed = maxEdits(word);
    let best: (Correction & { edits: number; df: number }) | undefined;
    for (const { item } of this.fuse.search(word, { limit: 12 })) {
      const edits = editDistance(word, item, allowed);
      const term = this.words.get(item);
      if (edits > allowed || term === undefined) continue;
      const df = this.frequency(term);
      if (!best || edits < best.edits || (edits === best.edits && df > best.df)) {
        best = { word: item, term, similarity: 1 - edits / Math.max(word.length, item.length), edits, df };
      }
    }
    return best && { word: best.word, term: best.term, similarity: best.similarity };
  }
}

function maxEdits(word: string): number {
  return word.length <= 6 ? 1 : 2;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at `cap` + 1. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
