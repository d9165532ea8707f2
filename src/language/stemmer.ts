/**
 * A compact English suffix stemmer. It only has to be consistent (the same stem for a
 * word's inflections and common derivations, at index and at query time), not readable:
 * renew, renews, renewed, renewal, renewals all become "renew"; assign, assigned,
 * assignment become "assign"; bill, billing become "bil".
 */

const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['paid', 'pay'],
  ['bought', 'buy'],
  ['sold', 'sell'],
  ['given', 'give'],
  ['gave', 'give'],
  ['usage', 'use'],
  ['children', 'child'],
  ['people', 'person'],
  ['left', 'leave'],
]);

/** Derivational suffixes, longest first; `to` replaces the suffix when the stem left is long enough. */
const DERIVATIONAL: ReadonlyArray<{ suffix: string; to: string; minStem: number }> = [
  { suffix: 'ization', to: 'iz', minStem: 3 },
  { suffix: 'isation', to: 'iz', minStem: 3 },
  { suffix: 'ription', to: 'rib', minStem: 3 },
  { suffix: 'mption', to: 'm', minStem: 3 },
  { suffix: 'ically', to: 'ic', minStem: 3 },
  { suffix: 'ability', to: '', minStem: 3 },
  { suffix: 'ation', to: '', minStem: 3 },
  { suffix: 'ition', to: '', minStem: 3 },
  { suffix: 'tion', to: 't', minStem: 4 },
  { suffix: 'sion', to: 's', minStem: 4 },
  { suffix: 'ment', to: '', minStem: 3 },
  { suffix: 'ness', to: '', minStem: 3 },
  { suffix: 'able', to: '', minStem: 3 },
  { suffix: 'ible', to: '', minStem: 3 },
  { suffix: 'abl', to: '', minStem: 3 },
  { suffix: 'ibl', to: '', minStem: 3 },
  { suffix: 'wal', to: 'w', minStem: 3 },
  { suffix: 'val', to: 'v', minStem: 3 },
  { suffix: 'sal', to: 's', minStem: 3 },
  { suffix: 'ful', to: '', minStem: 3 },
  { suffix: 'ily', to: 'y', minStem: 3 },
  { suffix: 'ly', to: '', minStem: 4 },
];

const VOWEL = /[aeiouy]/;

export function stem(word: string): string {
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return tidy(irregular);
  if (/\d/.test(word)) return word;
  if (word.length <= 3) return tidy(word);
  return tidy(derivational(inflectional(word)));
}

function inflectional(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('ied') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('iest') && word.length > 5) return word.slice(0, -4) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing')) return stripIfVowel(word, 3);
  if (word.endsWith('ed') && !word.endsWith('eed')) return stripIfVowel(word, 2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Strips a verb ending only when a vowel remains ("using" -> "us", but "thing" stays). */
function stripIfVowel(word: string, length: number): string {
  const rest = word.slice(0, -length);
  return rest.length >= 2 && VOWEL.test(rest) ? rest : word;
}

function derivational(word: string): string {
  for (const { suffix, to, minStem } of DERIVATIONAL) {
    if (word.endsWith(suffix) && word.length - suffix.length >= minStem) {
      return word.slice(0, -suffix.length) + to;
    }
  }
  return word;
}

/** Drops a final "e" and undoubles a final consonant, so "expire"/"expiring" and "bill"/"billing" meet. */
function tidy(word: string): string {
  let result = word;
  if (result.length >= 3 && result.endsWith('e')) result = result.slice(0, -1);
  const last = result.at(-1) ?? '';
  if (result.length > 3 && last === result.at(-2) && !VOWEL.test(last)) result = result.slice(0, -1);
  return result;
}
