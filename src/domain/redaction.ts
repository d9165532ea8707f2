/**
 * Card-number and security-code redaction, applied before anything is stored, logged, relayed or transcribed.
 *
 * How a card number is recognised (one linear pass, no backtracking regex):
 * - A *group* is a run of digit *chunks* joined by a single space or a single dash ("4111 1111-1111").
 * - A card is a window of whole consecutive chunks of a group holding 13-19 digits that passes the Luhn check,
 *   and that is either one chunk ("4111111111111111") or several chunks of at most 6 digits joined by one kind
 *   of separator (4-4-4-4, Amex 4-6-5, Diners 4-6-4...). Mixed separators are dates and phone numbers
 *   ("2026-12-01 2026-12-20"), long chunks are amounts and ids.
 * - Inside a longer group the leftmost, then longest, window wins, so "4111 1111 1111 1111 123" (card, then CVV)
 *   still loses the card, and two cards typed one after the other are both redacted.
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
/** The longest chunk of a formatted card (Amex and Diners 4-6-x). */
const maxFormattedChunk = 6;

/** A security-code word, up to 3 spaces, an optional "is" or ":", then 3-4 digits. Bounded gaps keep it linear. */
const securityCode =
  /\b(cvv2|cvc2|cvv|cvc|cid|csc|security code|sec code)(\s{0,3}(?:[:#=-]|is|was)?\s{0,3})(\d{3,4})(?!\d)/gi;

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

interface Chunk {
  start: number;
  end: number;
  /** The separator before this chunk ('' for the first chunk of a group). */
  before: string;
}

function redactCards(text: string): { text: string; found: number } {
  let out = '';
  let copiedUpTo = 0;
  let found = 0;
  for (let i = 0; i < text.length; ) {
    if (!isDigit(text, i)) {
      i++;
      continue;
    }
    const chunks = readGroup(text, i);
    const end = chunks[chunks.length - 1]?.end ?? i + 1;
    if (text[i - 1] !== '+') {
      for (const card of cardsIn(text, chunks)) {
        out += text.slice(copiedUpTo, card.start) + `[card ending ${card.digits.slice(-4)}]`;
        copiedUpTo = card.end;
        found++;
      }
    }
    i = end;
  }
  return { text: out + text.slice(copiedUpTo), found };
}

function isDigit(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 48 && code <= 57;
}

function readGroup(text: string, start: number): Chunk[] {
  const chunks: Chunk[] = [];
  let at = start;
  let before = '';
  for (;;) {
    const chunkStart = at;
    while (isDigit(text, at)) at++;
    chunks.push({ start: chunkStart, end: at, before });
    const separator = text[at];
    if ((separator !== ' ' && separator !== '-') || !isDigit(text, at + 1)) return chunks;
    before = separator;
    at++;
  }
}

interface Card {
  start: number;
  end: number;
  digits: string;
}

function cardsIn(text: string, chunks: readonly Chunk[]): Card[] {
  const cards: Card[] = [];
  for (let first = 0; first < chunks.length; ) {
    const card = longestCardFrom(text, chunks, first);
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
function longestCardFrom(text: string, chunks: readonly Chunk[], first: number): { card: Card; next: number } | undefined {
  const window = chunks.slice(first, first + maxCardDigits);
  const head = window[0];
  if (!head) return undefined;
  const separator = window[1]?.before;
  let digits = '';
  let best: { card: Card; next: number } | undefined;
  for (const [index, chunk] of window.entries()) {
    if (index > 0 && !(fitsFormat(head) && fitsFormat(chunk) && chunk.before === separator)) break;
    digits += text.slice(chunk.start, chunk.end);
    if (digits.length > maxCardDigits) break;
    if (digits.length >= minCardDigits && passesLuhn(digits)) {
      best = { card: { start: head.start, end: chunk.end, digits }, next: first + index + 1 };
    }
  }
  return best;
}

function fitsFormat(chunk: Chunk): boolean {
  return chunk.end - chunk.start <= maxFormattedChunk;
}
