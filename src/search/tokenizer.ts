import { COMPOUND_PREFIXES, NOT_COMPOUNDS, STOP_WORDS } from './lexicon';
import { stem } from './stemmer';

/** A content word as written (lower-cased, compounds split) and the term it is indexed under. */
export interface Token {
  word: string;
  term: string;
}

const WORD = /[a-z0-9]+/g;
const CONTRACTION = /([a-z])'(s|t|re|ve|ll|d|m)\b/g;

/** Lower-cases, strips accents and contractions ("what's" -> "what", "can't" -> "can"). */
export function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(CONTRACTION, '$1');
}

/**
 * The content words of a text, stop words dropped, with their terms. At most `limit` tokens
 * are produced, so a pasted 20,000-character message costs no more than a short one.
 */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  const tokens: Token[] = [];
  const source = Number.isFinite(limit) ? text.slice(0, limit * 24) : text;
  for (const [raw] of normalise(source).matchAll(WORD)) {
    for (const word of splitCompound(raw)) {
      if (isContentWord(word)) tokens.push({ word, term: stem(word) });
    }
    if (tokens.length >= limit) return tokens.slice(0, limit);
  }
  return tokens;
}

/** The indexed terms of a text, in order. */
export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}

function isContentWord(word: string): boolean {
  return (word.length > 1 || /\d/.test(word)) && !STOP_WORDS.has(word);
}

function splitCompound(word: string): string[] {
  const match = COMPOUND_PREFIXES.exec(word);
  if (!match || NOT_COMPOUNDS.test(word)) return [word];
  return [match[1] ?? '', match[2] ?? ''];
}
