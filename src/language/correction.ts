import { isEnglishWord, loadEnglishWords } from './englishWords';
import { phraseKey } from './phrases';
import { STOP_WORDS } from './lexicon';
import { stem } from './stemmer';

/** A misspelled query word replaced by a word the articles use. */
export interface Correction {
  word: string;
  term: string;
  /** 1 - edits / (2 x length): how much the correction is trusted. */
  similarity: number;
}

/** What the corrector needs to know about the index. */
export interface Vocabulary {
  /** Every content word written in the documents, with the term it stems to. */
  words: ReadonlyMap<string, string>;
  /** Whether a term or phrase key is indexed. */
  has(key: string): boolean;
  /** How many documents hold the term. */
  frequency(term: string): number;
}

/** Words shorter than this are never corrected: too many real words are one edit apart. */
const MIN_LENGTH = 4;

/** Up to this length only a missing letter or two swapped letters are corrected ("erly"), not a changed one ("wall" -> "fall"). */
const SHORT_WORD = 4;

/** Deletion variants shorter than this are not indexed: they would match almost anything. */
const MIN_VARIANT = 3;

/** Two-letter stop words may be typos of a content word ("turn of" for "turn off"); longer ones are real words. */
const MAX_REPAIRABLE = 2;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Corrects misspelled query words against the articles' own vocabulary ("purchse histroy").
 * Candidates come from a deletion index (two words within n edits share a string reachable
 * from both by n deletions), so a lookup costs a few dozen map reads whatever the vocabulary
 * size; an edit-distance check then keeps only near misses.
 */
export class TermCorrector {
  private readonly byDeletion = new Map<string, string[]>();

  constructor(private readonly vocabulary: Vocabulary) {
    // Loaded with the index rather than on the first turn that needs it.
    loadEnglishWords();
    for (const word of vocabulary.words.keys()) {
      if (word.length < MIN_LENGTH - 1 || /\d/.test(word)) continue;
      for (const variant of deletions(word, 2)) {
        const list = this.byDeletion.get(variant);
        if (list) list.push(word);
        else this.byDeletion.set(variant, [word]);
      }
    }
  }

  correct(word: string): Correction | undefined {
    if (word.length < MIN_LENGTH || /\d/.test(word)) return undefined;
    // A real word one letter off an article's word is likely its typo ("manger"); two off, it is itself ("currency").
    const allowed = isEnglishWord(word) ? Math.min(1, maxEdits(word)) : maxEdits(word);
    let best: (Correction & { edits: number; df: number }) | undefined;
    for (const candidate of this.candidates(word, allowed)) {
      const edits = editDistance(word, candidate, allowed);
      const term = this.vocabulary.words.get(candidate);
      if (edits > allowed || term === undefined || !plausibleForShortWord(word, candidate)) continue;
      const df = this.vocabulary.frequency(term);
      if (!best || edits < best.edits || (edits === best.edits && df > best.df)) {
        const similarity = 1 - edits / (2 * Math.max(word.length, candidate.length));
        best = { word: candidate, term, similarity, edits, df };
      }
    }
    return best && { word: best.word, term: best.term, similarity: best.similarity };
  }

  /**
   * A short stop word missing its last letter, completing a phrase the articles use after
   * `previousTerm`: "turn of" -> "turn off". Only the phrase makes the repair safe.
   */
  repairStopWord(word: string, previousTerm: string): { word: string; term: string } | undefined {
    if (word.length > MAX_REPAIRABLE) return undefined;
    for (const letter of LETTERS) {
      const candidate = word + letter;
      if (STOP_WORDS.has(candidate) || !this.vocabulary.words.has(candidate)) continue;
      const term = stem(candidate);
      if (this.vocabulary.has(phraseKey(previousTerm, term))) return { word: candidate, term };
    }
    return undefined;
  }

  /**
   * A stop word missing a letter, with one too many, or with two letters swapped ("befor", "wher", "thier"):
   * there is nothing in it to look for. A changed letter does not count: "wall" is not "will".
   */
  isMisspeltStopWord(word: string): boolean {
    if (word.length < MIN_LENGTH || STOP_WORDS.has(word)) return false;
    for (const variant of deletions(word, 1)) {
      for (const stopWord of stopWordsByDeletion().get(variant) ?? []) {
        if (editDistance(word, stopWord, 1) <= 1 && (stopWord.length !== word.length || sameLetters(word, stopWord))) return true;
      }
    }
    return false;
  }

  private candidates(word: string, allowed: number): Set<string> {
    const found = new Set<string>();
    for (const variant of deletions(word, allowed)) {
      for (const candidate of this.byDeletion.get(variant) ?? []) found.add(candidate);
    }
    found.delete(word);
    return found;
  }
}

let stopDeletions: Map<string, string[]> | undefined;

/** Stop words of `MIN_LENGTH` letters or more by their one-deletion variants, built on first use. */
function stopWordsByDeletion(): Map<string, string[]> {
  if (!stopDeletions) {
    stopDeletions = new Map();
    for (const stopWord of STOP_WORDS) {
      if (stopWord.length < MIN_LENGTH) continue;
      for (const variant of deletions(stopWord, 1)) stopDeletions.set(variant, [...(stopDeletions.get(variant) ?? []), stopWord]);
    }
  }
  return stopDeletions;
}

/** The word and every string up to `depth` deletions from it, down to `MIN_VARIANT` letters. */
function deletions(word: string, depth: number): Set<string> {
  const result = new Set([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const current of frontier) {
      if (current.length <= MIN_VARIANT) continue;
      for (let i = 0; i < current.length; i++) {
        const variant = current.slice(0, i) + current.slice(i + 1);
        if (!result.has(variant)) {
          result.add(variant);
          next.push(variant);
        }
      }
    }
    frontier = next;
  }
  return result;
}

function plausibleForShortWord(word: string, candidate: string): boolean {
  if (word.length > SHORT_WORD) return true;
  return candidate.length === word.length + 1 || sameLetters(candidate, word);
}

function sameLetters(a: string, b: string): boolean {
  const sorted = (text: string): string => [...text].sort().join('');
  return sorted(a) === sorted(b);
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
