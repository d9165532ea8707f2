import { passesLuhn, redact, redactDeep } from '../../../src/domain/redaction';
import { breakLuhn, brands, cardNumber, chunked, generatedCards, seeded } from './generatedCards';
import { hostileCards, hostileFormats, lookalikes } from './redactionFormats';

const cards = generatedCards(50);

describe('card numbers are redacted, keeping the last four digits', () => {
  test('the generated set covers every scheme and format', () => {
    expect(cards.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cards.map((card) => card.brand)).size).toBe(brands.length);
    expect(cards.every((card) => passesLuhn(card.digits))).toBe(true);
  });

  test.each(cards.map((card) => [card.brand, card.format, card.message, card] as const))(
    '%s, %s: %j',
    (_brand, _format, message, card) => {
      const result = redact(message);
      expect(result.text).toBe(message.replace(card.typed, `[card ending ${card.digits.slice(-4)}]`));
      expect(result).toMatchObject({ redacted: true, cardsFound: 1 });
    },
  );

  test('every card of one long message is redacted', () => {
    const message = cards.map((card) => card.message).join(' / ');
    const result = redact(message);
    expect(result.cardsFound).toBe(cards.length);
    for (const card of cards) expect(result.text).not.toContain(card.typed);
  });
});

describe('card numbers however they are separated', () => {
  const hostile = hostileCards(4);

  test('the hostile set covers every format and scheme, at least 500 numbers', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(500);
    expect(new Set(hostile.map((card) => card.format)).size).toBe(hostileFormats.length);
    expect(hostile.every((card) => passesLuhn(card.digits))).toBe(true);
  });

  test.each(hostile.map((card) => [card.format, card.brand, card.message, card] as const))('%s, %s: %j', (_format, _brand, message, card) => {
    const result = redact(message);
    expect(result.text).toBe(message.replace(card.typed, `[card ending ${card.digits.slice(-4)}]`));
    expect(result.cardsFound).toBe(1);
  });

  test('all of them in one message', () => {
    const result = redact(hostile.map((card) => card.message).join(' / '));
    expect(result.cardsFound).toBe(hostile.length);
  });
});

describe('what is not a card number is left alone', () => {
  test('500 generated order ids, contract ids, dates and phone numbers are unchanged', () => {
    const samples = lookalikes(500);
    const changed = samples.filter((text) => redact(text).text !== text);
    expect(changed).toEqual([]);
  });

  const random = seeded(42);
  const luhnInvalid = brands.flatMap((brand) => {
    const digits = breakLuhn(cardNumber(brand, random));
    return [digits, chunked(digits, [4, 4, 4, 4, 4], ' '), chunked(digits, brand.printed, '-')];
  });

  test.each([
    'order O-9001 from 2026-01-15',
    'O-9001, O-9002 and O-9101',
    'contract C-100, subscriptions S-101 and S-102',
    'case CASE-000042',
    'renews 2026-12-01',
    'renews 12/01/2026',
    'between 2026-12-01 2026-12-20 2027-01-15',
    'call +1 555 0100',
    'call (555) 010-0199',
    'call 555-010-0199 or 555-010-0100',
    'call +49 1512 3456 7890',
    'call +44 20 7946 0958',
    'total $46,875.00',
    'totals 4687500 1260000 305000',
    'paid with Visa ending 4242',
    'already redacted: [card ending 1111]',
    'only twelve digits 4111 1111 1111',
    'seats 10 5 4 1',
    // A 25-digit reference holding a Luhn-valid 16-digit window (4111111111111111): not a card.
    'reference 1234111111111111111156789',
    'reference 4111111111111111111111111',
  ])('%j', (text) => {
    expect(redact(text)).toEqual({ text, redacted: false, cardsFound: 0 });
  });

  test.each(luhnInvalid)('Luhn-invalid %j', (text) => {
    expect(redact(`card ${text} please`)).toEqual({ text: `card ${text} please`, redacted: false, cardsFound: 0 });
  });
});

describe('decisions about digits around a card', () => {
  test.each([
    ['card then CVV in one run', '4111 1111 1111 1111 123', '[card ending 1111] 123', 1],
    ['unformatted card then CVV', '4111111111111111 123', '[card ending 1111] 123', 1],
    ['two cards typed one after the other', '4111 1111 1111 1111 5555 5555 5555 4444', '[card ending 1111] [card ending 4444]', 2],
    ['card then expiry', '4111-1111-1111-1111 12-28', '[card ending 1111] 12-28', 1],
    ['card glued to words', 'card4111111111111111x', 'card[card ending 1111]x', 1],
    ['odd chunks longer than a printed card', '4111111 111111111', '4111111 111111111', 0],
    ['double spaces', '4111  1111  1111  1111', '[card ending 1111]', 1],
    ['four separators are too many', '4111 -- 1111 -- 1111 -- 1111', '4111 -- 1111 -- 1111 -- 1111', 0],
    ['card then expiry, mixed separators', '4111.1111.1111.1111 12/28', '[card ending 1111] 12/28', 1],
    ['full-width card', '４１１１ １１１１ １１１１ １１１１', '[card ending 1111]', 1],
    ['a 7-digit chunk is an amount, not a printed card', '4687500 1260000', '4687500 1260000', 0],
    ['no card starts with 0', '0049 1512 3456 7890 and 0411 1111 1111 1111', '0049 1512 3456 7890 and 0411 1111 1111 1111', 0],
    ['after a full-width plus', '＋49 1512 3456 7890', '＋49 1512 3456 7890', 0],
  ])('%s: %j -> %j', (_why, text, expected, found) => {
    expect(redact(text)).toMatchObject({ text: expected, cardsFound: found });
  });

  test('redacting twice changes nothing more', () => {
    const once = redact('my card 4111 1111 1111 1111, cvv 123').text;
    expect(redact(once)).toEqual({ text: once, redacted: false, cardsFound: 0 });
  });
});

describe('security codes lose their digits', () => {
  test.each([
    ['cvv 123', 'cvv [removed]'],
    ['CVC: 1234', 'CVC: [removed]'],
    ['security code is 987', 'security code is [removed]'],
    ['my CVV2 is 321.', 'my CVV2 is [removed].'],
    ['CVC2 4567', 'CVC2 [removed]'],
    ['Amex CID 1234', 'Amex CID [removed]'],
    ['sec code: 555', 'sec code: [removed]'],
    ['Security Code - 4321', 'Security Code - [removed]'],
    ['cvv=123', 'cvv=[removed]'],
    ['cvv123', 'cvv[removed]'],
    ['CVV:\n123', 'CVV:\n[removed]'],
    ['card 4111 1111 1111 1111 cvv 123', 'card [card ending 1111] cvv [removed]'],
  ])('%j -> %j', (text, expected) => {
    expect(redact(text)).toMatchObject({ text: expected, redacted: true });
  });

  test.each(['what is a cvv?', 'cvv 12345', 'cvv 12', 'I decided 123 seats', 'security code?', 'the code is 123'])(
    'left alone: %j',
    (text) => {
      expect(redact(text)).toEqual({ text, redacted: false, cardsFound: 0 });
    },
  );
});

describe('redaction stays linear on hostile input', () => {
  const random = seeded(7);
  const digitsAndSpaces = Array.from({ length: 20_000 }, () => (random() < 0.25 ? ' ' : String(Math.floor(random() * 10)))).join('');

  test.each([
    ['random digits and spaces', digitsAndSpaces],
    ['single digits and spaces', '1 '.repeat(10_000)],
    ['mixed separators', '12-3 '.repeat(4_000)],
    ['printed-card-like chunks', '4111 '.repeat(4_000)],
    ['one long digit run', '4'.repeat(20_000)],
    ['security-code words and spaces', 'cvv '.repeat(2_000) + ' '.repeat(12_000)],
  ])('%s (20,000 characters) returns quickly', (_name, text) => {
    const started = performance.now();
    const result = redact(text);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.text.length).toBeGreaterThan(0);
  });
});

describe('redactDeep', () => {
  test('redacts strings inside objects and arrays and leaves the input untouched', () => {
    const at = new Date('2026-12-01T15:00:00Z');
    const input = {
      message: 'card 4111 1111 1111 1111',
      count: 2,
      at,
      transcript: [{ text: 'cvv 123' }, { text: 'order O-9001' }],
      nested: { deeper: ['5555-5555-5555-4444', null, true] },
    };
    const before = structuredClone(input);
    expect(redactDeep(input)).toEqual({
      message: 'card [card ending 1111]',
      count: 2,
      at,
      transcript: [{ text: 'cvv [removed]' }, { text: 'order O-9001' }],
      nested: { deeper: ['[card ending 4444]', null, true] },
    });
    expect(input).toEqual(before);
  });

  test('survives cycles', () => {
    const log: { text: string; self?: unknown } = { text: '4111111111111111' };
    log.self = log;
    const copy = redactDeep(log);
    expect(copy.text).toBe('[card ending 1111]');
    expect(copy.self).toBe(copy);
  });

  test.each([['a string', 'cvv 123', 'cvv [removed]'], ['a number', 4111111111111111, 4111111111111111], ['undefined', undefined, undefined]])(
    '%s',
    (_name, value, expected) => {
      expect(redactDeep(value)).toEqual(expected);
    },
  );
});
