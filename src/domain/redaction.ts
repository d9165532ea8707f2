/**
 * Card-number and security-code redaction, applied before anything is stored, logged, relayed or transcribed.
 *
 * How a card number is recognised (one linear pass, no backtracking regex), on a normalised view of the text:
 * - Each character is read as Unicode NFKC would have it, so full-width and other compatibility digits are
 *   digits, and a no-break or ideographic space is a space. Invisible format characters (zero-width spaces
 *   and joiners, the byte-order mark, soft hyphens, direction marks) are skipped wherever they are.
 * - A *chunk* is a run of digits. A *group* is a run of chunks joined by short separators: up to three of
 *   whitespace (tabs and newlines included), dots, dashes, slashes and underscores, mixed as typed.
 * - A card is a window of whole consecutive chunks of a group holding 13-19 digits that passes the Luhn
 *   check, does not start with 0 (no card scheme does; local and 00-prefixed phone numbers do), and is either
 *   one chunk ("4111111111111111") or chunks shaped like a printed card: every chunk but the last of 4, 5, 6
 *   or 8 digits (4-4-4-4, Amex 4-6-5, Diners 4-6-4, 8-8), the last of 1-8. Dates (2026-12-01), phone numbers
 *   (555-010-0199) and amounts (4687500 1260000) do not have that shape.
 * - Inside a longer group the leftmost window wins, then one whose separators are all alike, then the longest,
 *   so "4111 1111 1111 1111 123" (card, then CVV) and "4111-1111-1111-1111 12-28" (card, then expiry) lose
 *   just the card, and two cards typed one after the other are both redacted.
 * - A single chunk longer than 19 digits is some other identifier: no card is looked for inside it (any 25-digit
 *   number holds ten 16-digit windows, one of which passes Luhn by chance more often than not).
 * - A group right after "+" is an international phone number and is left alone.
 */

export interface Redaction {
  text: string;
  /** True when anything was removed (a card number or a security code). */
  redacted: boolean;
  cardsFound: number;
}

const minCardDigits = 13;
const maxCardDigits = 19;

/** A security-code word, up to 3 spaces, an optional "is" or ":", then 3-4 digits. Bounded gaps keep it linear. */
const securityCode =
  /\b(cvv2|cvc2|cvv|cvc|cid|csc|security code|sec code)([\s\u200b-\u200d\u2060\ufeff]{0,3}(?:[:#=-]|is|was)?[\s\u200b-\u200d\u2060\ufeff]{0,3})([0-9\uff10-\uff19]{3,4})(?![0-9\uff10-\uff19])/gi;

export function redact(text: string): Redaction {
  const cards = redactCards(text);
  let codes = 0;
  const withoutCodes = cards.text.replace(securityCode, (_match, word: string, between: string) => {
    codes++;
    return `${word}${between}[removed]`;
  });
  return { text: withoutCodes, redacted: cards.found + codes > 0, cardsFound: cards.found };
}

/**
 * Redacts every string inside plain objects and arrays, returning copies (the input is left untouched).
 * Other values, including class instances such as Date or Error, come back as they are: serialise them first.
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value, new WeakMap()) as T;
}

function redactValue(value: unknown, copies: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redact(value).text;
  if (typeof value !== 'object' || value === null) return value;
  const done = copies.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(redactValue(item, copies));
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, copies);
  return copy;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Passes the Luhn (mod 10) check used by every card scheme. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** A run of digits in the text: where it starts and ends (code units), its digits, and the separator before it. */
interface Chunk {
  start: number;
  end: number;
  digits: string;
  /** The visible separator characters before this chunk, normalised ('' for the first chunk of a group). */
  before: string;
}

interface Card {
  start: number;
  end: number;
  digits: string;
}

/** The most visible separator characters between two chunks of one card ("4111 - 1111", "4111.\n1111"). */
const maxSeparatorRun = 3;
const formattedChunkSizes = new Set([4, 5, 6, 8]);
const maxLastChunk = 8;

type Kind = 'digit' | 'separator' | 'invisible' | 'other';

/** One code point as the redactor reads it: its kind and its NFKC form (the digit, for a digit). */
interface Read {
  kind: Kind;
  char: string;
  width: number;
}

const nonAscii = new Map<number, Read>();

function asciiKind(char: string): Kind {
  if (char >= '0' && char <= '9') return 'digit';
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\v' || char === '.' || char === '-' || char === '/' || char === '_'
    ? 'separator'
    : 'other';
}

function readNonAscii(codePoint: number): Read {
  const known = nonAscii.get(codePoint);
  if (known) return known;
  const original = String.fromCodePoint(codePoint);
  const char = original.normalize('NFKC');
  let kind: Kind;
  if (/^\p{Cf}$/u.test(original)) kind = 'invisible';
  else if (char.length === 1 && char.charCodeAt(0) < 128) kind = asciiKind(char);
  else kind = /^[\s\p{Pd}\u2212]$/u.test(char) ? 'separator' : 'other';
  const read = { kind, char, width: codePoint > 0xffff ? 2 : 1 };
  if (nonAscii.size < 4096) nonAscii.set(codePoint, read);
  return read;
}

interface Reader {
  text: string;
  at: number;
}

function peek(reader: Reader): Read | undefined {
  const code = reader.text.charCodeAt(reader.at);
  if (Number.isNaN(code)) return undefined;
  if (code < 128) {
    const char = reader.text[reader.at]!;
    return { kind: asciiKind(char), char, width: 1 };
  }
  return readNonAscii(reader.text.codePointAt(reader.at)!);
}

function redactCards(text: string): { text: string; found: number } {
  let out = '';
  let copiedUpTo = 0;
  let found = 0;
  const reader: Reader = { text, at: 0 };
  let previous = '';
  while (reader.at < text.length) {
    const next = peek(reader)!;
    if (next.kind !== 'digit') {
      if (next.kind !== 'invisible') previous = next.char;
      reader.at += next.width;
      continue;
    }
    const afterPlus = previous === '+';
    const chunks = readGroup(reader);
    previous = '';
    if (afterPlus) continue;
    for (const card of cardsIn(chunks)) {
      out += text.slice(copiedUpTo, card.start) + `[card ending ${card.digits.slice(-4)}]`;
      copiedUpTo = card.end;
      found++;
    }
  }
  return { text: out + text.slice(copiedUpTo), found };
}

/** Reads chunks and the separators between them from a digit on; leaves the reader after the group. */
function readGroup(reader: Reader): Chunk[] {
  const chunks: Chunk[] = [];
  let before = '';
  for (;;) {
    const chunk: Chunk = { start: reader.at, end: reader.at, digits: '', before };
    for (let next = peek(reader); next && (next.kind === 'digit' || next.kind === 'invisible'); next = peek(reader)) {
      if (next.kind === 'digit') {
        chunk.digits += next.char;
        chunk.end = reader.at + next.width;
      }
      reader.at += next.width;
    }
    chunks.push(chunk);
    const resume = reader.at;
    before = '';
    let next = peek(reader);
    while (next && (next.kind === 'separator' || next.kind === 'invisible') && before.length <= maxSeparatorRun) {
      if (next.kind === 'separator') before += next.char;
      reader.at += next.width;
      next = peek(reader);
    }
    if (!next || next.kind !== 'digit' || before.length === 0 || before.length > maxSeparatorRun) {
      reader.at = resume;
      return chunks;
    }
  }
}

function cardsIn(chunks: readonly Chunk[]): Card[] {
  const cards: Card[] = [];
  for (let first = 0; first < chunks.length; ) {
    const card = bestCardFrom(chunks, first);
    if (card) {
      cards.push(card.card);
      first = card.next;
    } else {
      first++;
    }
  }
  return cards;
}

/** Each start looks at no more than 19 chunks (each holds a digit at least), which keeps the scan linear. */
function bestCardFrom(chunks: readonly Chunk[], first: number): { card: Card; next: number } | undefined {
  const head = chunks[first];
  if (!head || head.digits.startsWith('0')) return undefined;
  let digits = '';
  let alike = true;
  let best: { card: Card; next: number; alike: boolean } | undefined;
  for (let index = first; index < chunks.length && index < first + maxCardDigits; index++) {
    const chunk = chunks[index]!;
    if (index > first) {
      const previous = chunks[index - 1]!;
      if (!formattedChunkSizes.has(previous.digits.length) || chunk.digits.length > maxLastChunk) break;
      if (index > first + 1 && chunk.before !== chunks[first + 1]!.before) alike = false;
    }
    digits += chunk.digits;
    if (digits.length > maxCardDigits) break;
    if (digits.length >= minCardDigits && passesLuhn(digits) && (!best || alike || !best.alike)) {
      best = { card: { start: head.start, end: chunk.end, digits }, next: index + 1, alike };
    }
  }
  return best && { card: best.card, next: best.next };
}
