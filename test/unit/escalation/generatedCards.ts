/** Luhn-valid card numbers of every common scheme, in the formats people type them, generated reproducibly. */

export interface Brand {
  name: string;
  prefixes: string[];
  length: number;
  /** Chunk sizes of the scheme's printed format. */
  printed: number[];
}

export const brands: Brand[] = [
  { name: 'Visa 16', prefixes: ['4'], length: 16, printed: [4, 4, 4, 4] },
  { name: 'Mastercard 16', prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], length: 16, printed: [4, 4, 4, 4] },
  { name: 'Amex 15', prefixes: ['34', '37'], length: 15, printed: [4, 6, 5] },
  { name: 'Discover 16', prefixes: ['6011', '65', '644'], length: 16, printed: [4, 4, 4, 4] },
  { name: 'Diners 14', prefixes: ['36', '38', '300'], length: 14, printed: [4, 6, 4] },
  { name: 'Visa 13', prefixes: ['4'], length: 13, printed: [4, 4, 5] },
  { name: '19-digit', prefixes: ['4', '6304', '6759'], length: 19, printed: [4, 4, 4, 4, 3] },
];

/** Where a card number sits in a message; {card} is replaced. */
export const sentences = [
  '{card}',
  'my card {card} was charged twice',
  '{card} is the card on file',
  'please charge it to {card}',
  'card: {card}.',
  '({card})',
  '"{card}", thanks!',
  'number #{card}; exp 12/28',
  'Hi,\n{card}\nregards',
  'I paid with {card}, then again with the same card?',
];

export interface GeneratedCard {
  brand: string;
  format: string;
  digits: string;
  typed: string;
  message: string;
}

export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = Number(body[i]);
    if (double) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A small seeded generator (mulberry32): the same cards on every run. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function cardNumber(brand: Brand, random: () => number): string {
  const prefix = brand.prefixes[Math.floor(random() * brand.prefixes.length)] ?? '4';
  let body = prefix;
  while (body.length < brand.length - 1) body += String(Math.floor(random() * 10));
  return body + luhnCheckDigit(body);
}

export function chunked(digits: string, sizes: number[], separator: string): string {
  const chunks: string[] = [];
  let at = 0;
  for (const size of sizes) {
    chunks.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) chunks.push(digits.slice(at));
  return chunks.filter((chunk) => chunk !== '').join(separator);
}

const formats: { name: string; type: (digits: string, brand: Brand) => string }[] = [
  { name: 'plain', type: (digits) => digits },
  { name: 'fours, spaces', type: (digits) => chunked(digits, [4, 4, 4, 4, 4], ' ') },
  { name: 'fours, dashes', type: (digits) => chunked(digits, [4, 4, 4, 4, 4], '-') },
  { name: 'printed, spaces', type: (digits, brand) => chunked(digits, brand.printed, ' ') },
  { name: 'printed, dashes', type: (digits, brand) => chunked(digits, brand.printed, '-') },
];

/** `perBrand` cards of each brand, cycling through formats and sentences. */
export function generatedCards(perBrand: number, seed = 20261201): GeneratedCard[] {
  const random = seeded(seed);
  return brands.flatMap((brand) =>
    Array.from({ length: perBrand }, (_, index) => {
      const digits = cardNumber(brand, random);
      const format = formats[index % formats.length] ?? formats[0]!;
      const typed = format.type(digits, brand);
      const sentence = sentences[Math.floor(index / formats.length) % sentences.length] ?? '{card}';
      return { brand: brand.name, format: format.name, digits, typed, message: sentence.replace('{card}', typed) };
    }),
  );
}

/** The same number with a wrong check digit. */
export function breakLuhn(digits: string): string {
  const last = Number(digits[digits.length - 1]);
  return digits.slice(0, -1) + String((last + 1) % 10);
}
