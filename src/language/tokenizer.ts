import { COMPOUND_PREFIXES, IDIOMS, NOT_COMPOUNDS, SHORTHAND, SPELLINGS, STOP_WORDS } from './lexicon';
import { stem } from './stemmer';
import { TextCache } from './textCache';

/** A content word as written (lower-cased, compounds split) and the term it is indexed under. */
export interface Token {
  word: string;
  term: string;
}

const WORD = /[a-z0-9]+/g;
/** "can't", "doesn't", and the same typed without the apostrophe ("cant", "doesnt"). */
const NEGATION = /\b(?:([a-z]+n)'t|(can|won|don|doesn|didn|isn|aren|wasn|weren|haven|hasn|hadn|couldn|wouldn|shouldn)t)\b/g;
const CONTRACTION = /([a-z])'(s|re|ve|d|m)\b/g;
/** "we'll", "it'll": the "will" says the question is about what is coming ("what we'll be charged"). */
const WILL = /([a-z])'ll\b/g;
const SHORT_TOKEN = /\b[a-z0-9]{1,4}\b/g;

/**
 * Lower-cases, strips accents and contractions, keeping negation and the future ("what's" -> "what", "can't"
 * -> "can not", "we'll" -> "we will"), reads British spellings as American ("licence" -> "license") and spells out idioms ("by itself"
 * -> "automatically").
 */
export function normalise(text: string): string {
  return normalisedTexts.get(text, normaliseAfresh);
}

/**
 * A message is read several times on its turn (small talk, account intents, search), each starting with the
 * same dozens of patterns: the last few hundred texts are remembered.
 */
const normalisedTexts = new TextCache(512);

function normaliseAfresh(text: string): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(NEGATION, (_, written: string | undefined, bare: string | undefined) => `${negated(written ?? bare ?? '')} not`)
    .replace(WILL, '$1 will')
    .replace(CONTRACTION, '$1')
    .replace(SHORT_TOKEN, (word) => SHORTHAND.get(word) ?? word);
  const spelled = SPELLINGS.reduce((result, [pattern, american]) => result.replace(pattern, american), plain);
  return IDIOMS.reduce((result, [pattern, meaning]) => result.replace(pattern, meaning), spelled);
}

/** The verb of a negation written with "n't": "can" -> "can", "won" -> "will", "doesn" -> "does". */
function negated(verb: string): string {
  if (verb === 'can') return 'can';
  if (verb === 'won') return 'will';
  return verb.slice(0, -1);
}

/** A word of a text in order; stop words are kept, flagged, for callers that look at their neighbours. */
export interface Word {
  word: string;
  stop: boolean;
}

/**
 * The words of a text, compounds split. Reading stops after `limit` content words, so a
 * pasted 20,000-character message costs no more than a short one.
 */
export function words(text: string, limit = Number.POSITIVE_INFINITY): Word[] {
  const result: Word[] = [];
  let content = 0;
  const source = Number.isFinite(limit) ? text.slice(0, limit * 24) : text;
  for (const [raw] of normalise(source).matchAll(WORD)) {
    for (const word of splitCompound(raw)) {
      const stop = !isContentWord(word);
      if (!stop && content++ >= limit) return result;
      result.push({ word, stop });
    }
  }
  return result;
}

/** The content words of a text (stop words dropped) with their terms, at most `limit` of them. */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  return words(text, limit)
    .filter((word) => !word.stop)
    .map(({ word }) => ({ word, term: cachedStem(word) }));
}

/** Indexing stems the same few thousand words millions of times; a bounded cache makes that cheap. */
const stems = new TextCache(50_000);

export function cachedStem(word: string): string {
  return stems.get(word, stem);
}

/** The indexed terms of a text, in order. */
export function terms(text: string): string[] {
  return tokenize(text).map((token) => token.term);
}

/** "wants" and "needs" are as empty as "want" and "need". */
function isContentWord(word: string): boolean {
  return (word.length > 1 || /\d/.test(word)) && !STOP_WORDS.has(word) && !(word.endsWith('s') && STOP_WORDS.has(word.slice(0, -1)));
}

function splitCompound(word: string): string[] {
  const match = COMPOUND_PREFIXES.exec(word);
  if (!match || NOT_COMPOUNDS.test(word)) return [word];
  return [match[1] ?? '', match[2] ?? ''];
}
