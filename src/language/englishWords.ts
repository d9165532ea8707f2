import { readFileSync } from 'node:fs';

/**
 * English words as spelled correctly (about 275,000, from an-array-of-english-words). A word in this list is
 * read as a typo of an article's word only when one letter apart ("manger" for "manager"): two letters off,
 * it is itself ("currency" is not "currently", "country" not "count"). Reading it as a typo would make a
 * question the articles don't cover look covered.
 *
 * Kept as one sorted string with the offset of each word, searched by halves: a few megabytes rather than the
 * tens a Set of strings takes.
 */
interface WordList {
  text: string;
  starts: Int32Array;
}

let list: WordList | undefined;

/** Loads the list (a fifth of a second, once per process); `isEnglishWord` does it on first use otherwise. */
export function loadEnglishWords(): void {
  if (list) return;
  // Read, not required: require would keep the parsed array in its cache, where only the packed copy is wanted.
  const parsed = JSON.parse(readFileSync(require.resolve('an-array-of-english-words'), 'utf8')) as string[];
  const sorted = parsed.filter((word) => /^[a-z]+$/.test(word)).sort();
  const starts = new Int32Array(sorted.length + 1);
  let at = 0;
  sorted.forEach((word, i) => {
    starts[i] = at;
    at += word.length;
  });
  starts[sorted.length] = at;
  list = { text: sorted.join(''), starts };
}

export function isEnglishWord(word: string): boolean {
  loadEnglishWords();
  const { text, starts } = list as WordList;
  let low = 0;
  let high = starts.length - 2;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = compare(word, text, starts[middle] ?? 0, starts[middle + 1] ?? 0);
    if (order === 0) return true;
    if (order < 0) high = middle - 1;
    else low = middle + 1;
  }
  return false;
}

/** `word` against `text.slice(start, end)`, in JavaScript's string order, without making the slice. */
function compare(word: string, text: string, start: number, end: number): number {
  const length = Math.min(word.length, end - start);
  for (let i = 0; i < length; i++) {
    const difference = word.charCodeAt(i) - text.charCodeAt(start + i);
    if (difference !== 0) return difference;
  }
  return word.length - (end - start);
}
