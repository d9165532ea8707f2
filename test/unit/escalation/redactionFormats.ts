import { brands, cardNumber, chunked, seeded, sentences, type Brand, type GeneratedCard } from './generatedCards';

/**
 * Card numbers as people paste and type them beyond single spaces and dashes: every format issue 11 found
 * stored raw, and a few more of the same families. Generated reproducibly.
 */

const fours = [4, 4, 4, 4, 4];
const fullWidth = (text: string) => text.replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
const between = (digits: string, every: number, separator: string) => (digits.match(new RegExp(`.{1,${every}}`, 'g')) ?? []).join(separator);
const mixed = ['-', ' ', '.', '\u00a0', '/', '_', '  '];

export const hostileFormats: { name: string; type: (digits: string, brand: Brand) => string }[] = [
  { name: 'dots', type: (d) => chunked(d, fours, '.') },
  { name: 'no-break spaces', type: (d) => chunked(d, fours, '\u00a0') },
  { name: 'narrow no-break spaces, printed', type: (d, brand) => chunked(d, brand.printed, '\u202f') },
  { name: 'double spaces', type: (d) => chunked(d, fours, '  ') },
  { name: 'tabs', type: (d) => chunked(d, fours, '\t') },
  { name: 'slashes', type: (d) => chunked(d, fours, '/') },
  { name: 'underscores', type: (d) => chunked(d, fours, '_') },
  { name: 'newlines', type: (d) => chunked(d, fours, '\n') },
  { name: 'CRLF', type: (d) => chunked(d, fours, '\r\n') },
  { name: 'spaced dashes', type: (d) => chunked(d, fours, ' - ') },
  { name: 'en dashes', type: (d, brand) => chunked(d, brand.printed, '\u2013') },
  { name: '8+8 groups', type: (d) => chunked(d, [8, 8, 8], ' ') },
  { name: 'full-width digits', type: (d) => fullWidth(chunked(d, fours, ' ')) },
  { name: 'full-width digits and ideographic spaces', type: (d, brand) => fullWidth(chunked(d, brand.printed, '\u3000')) },
  { name: 'zero-width spaces between groups', type: (d) => chunked(d, fours, '\u200b') },
  { name: 'zero-width characters inside groups', type: (d) => between(d, 2, '\u200b\u2060') },
  { name: 'soft hyphens', type: (d) => chunked(d, fours, '\u00ad') },
  { name: 'mixed separators', type: (d) => chunked(d, fours, ' ').split(' ').map((chunk, i) => (i === 0 ? chunk : `${mixed[(i + d.length) % mixed.length]}${chunk}`)).join('') },
];

/** `perFormat` cards of every brand in every hostile format, in the sentences of the generated set. */
export function hostileCards(perFormat: number, seed = 11): GeneratedCard[] {
  const random = seeded(seed);
  return hostileFormats.flatMap((format, f) =>
    brands.flatMap((brand) =>
      Array.from({ length: perFormat }, (_, index) => {
        const digits = cardNumber(brand, random);
        const typed = format.type(digits, brand);
        const sentence = sentences[(f + index) % sentences.length] ?? '{card}';
        return { brand: brand.name, format: format.name, digits, typed, message: sentence.replace('{card}', typed) };
      }),
    ),
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Things that look numeric and must pass through untouched: order, contract and case ids, dates, phone numbers. */
export function lookalikes(count: number, seed = 12): string[] {
  const random = seeded(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const makers: (() => string)[] = [
    () => `order O-${int(1000, 999999)}`,
    () => `order ORD-${int(2020, 2030)}-${pad(int(1, 999999), 6)}`,
    () => `contract C-${int(100, 99999)}, subscription S-${int(100, 99999)}`,
    () => `case CASE-${pad(int(1, 999999), 6)}`,
    () => `renews ${int(2020, 2035)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
    () => `renews ${pad(int(1, 12), 2)}/${pad(int(1, 28), 2)}/${int(2020, 2035)}`,
    () => `renews ${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.${int(2020, 2035)}`,
    () => `between ${int(2020, 2035)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)} ${int(2020, 2035)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)} ${int(2020, 2035)}/${pad(int(1, 12), 2)}/${pad(int(1, 28), 2)}`,
    () => `at ${int(2020, 2035)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:00Z`,
    () => `call +1 ${int(200, 999)} ${pad(int(0, 999), 3)} ${pad(int(0, 9999), 4)}`,
    () => `call (${int(200, 999)}) ${pad(int(0, 999), 3)}-${pad(int(0, 9999), 4)}`,
    () => `call ${int(200, 999)}-${pad(int(0, 999), 3)}-${pad(int(0, 9999), 4)} or ${int(200, 999)}.${pad(int(0, 999), 3)}.${pad(int(0, 9999), 4)}`,
    () => `call +44 20 ${int(1000, 9999)} ${int(1000, 9999)}`,
    () => `call +49 ${int(1500, 1799)} ${int(1000, 9999)} ${int(1000, 9999)}`,
    () => `call 0${int(1500, 1799)} ${int(1000, 9999)} ${int(1000, 9999)}`,
    () => `call 00${int(1, 99)} ${int(1000, 9999)} ${int(1000, 9999)} ${int(1000, 9999)}`,
    () => `call 1-800-${pad(int(0, 999), 3)}-${pad(int(0, 9999), 4)}`,
    () => `totals ${int(1_000_000, 9_999_999)} ${int(1_000_000, 9_999_999)} ${int(100_000, 999_999)}`,
    () => `seats ${int(1, 99)} ${int(1, 99)} ${int(1, 99)} ${int(1, 99)}`,
  ];
  return Array.from({ length: count }, (_, i) => makers[i % makers.length]!());
}
