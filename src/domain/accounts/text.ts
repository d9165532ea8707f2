/** Word-level text handling shared by target recognition and intent classification. */

/** Lower-case words; "&" and punctuation split words, apostrophes go ("autocad's" → "autocad"). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’]ll\b/g, ' will')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && w !== 'and');
}

/** Positions where `phrase` occurs as consecutive words of `text`, allowing one typo in words of 5+ letters. */
export function findPhrase(text: readonly string[], phrase: readonly string[]): number[] {
  // Every product phrase is looked for in every message: no closure or substring per comparison.
  const starts: number[] = [];
  if (phrase.length === 0) return starts;
  for (let i = 0; i + phrase.length <= text.length; i++) {
    let j = 0;
    while (j < phrase.length && sameWord(text[i + j] ?? '', phrase[j] ?? '')) j++;
    if (j === phrase.length) starts.push(i);
  }
  return starts;
}

export function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  return known.length >= 5 && typed.length >= 4 && withinOneEdit(typed, known);
}

/** Levenshtein distance of at most 1, or one swap of neighbouring letters. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2);
    return swapped || sameTail(a, i + 1, b, i + 1);
  }
  return a.length > b.length ? sameTail(a, i + 1, b, i) : sameTail(a, i, b, i + 1);
}

/** `a.slice(from) === b.slice(fromB)`, without making either slice. */
function sameTail(a: string, from: number, b: string, fromB: number): boolean {
  const length = Math.max(0, a.length - from);
  if (length !== Math.max(0, b.length - fromB)) return false;
  for (let k = 0; k < length; k++) if (a.charCodeAt(from + k) !== b.charCodeAt(fromB + k)) return false;
  return true;
}
