import { TermCorrector, editDistance, type Vocabulary } from '../../../src/language/correction';
import { phraseKey } from '../../../src/search/inverted-index';
import { stem } from '../../../src/language/stemmer';

const written = ['purchase', 'history', 'early', 'renewal', 'reseller', 'fall', 'turn', 'off', 'seats', 'manager', 'currently', 'count'];
const phrases = new Set([phraseKey('turn', 'off'), phraseKey('purchas', 'history')]);

const vocabulary: Vocabulary = {
  words: new Map(written.map((word) => [word, stem(word)])),
  has: (key) => phrases.has(key) || written.some((word) => stem(word) === key),
  frequency: () => 1,
};

describe('typo correction against the articles vocabulary', () => {
  const corrector = new TermCorrector(vocabulary);

  test.each([
    ['purchse', 'purchase'],
    ['histroy', 'history'],
    ['reseler', 'reseller'],
    ['renewl', 'renewal'],
    ['erly', 'early'],
    ['wall', undefined],
    ['weather', undefined],
    ['penguins', undefined],
    ['qwzx', undefined],
    ['sea', undefined],
    // Real English words: one letter off an article's word they are its typo, two off they are themselves.
    ['manger', 'manager'],
    ['currency', undefined],
    ['country', undefined],
    ['counts', 'count'],
  ])('%s -> %s', (word, expected) => {
    expect(corrector.correct(word)?.word).toBe(expected);
  });

  test('a corrected word is trusted less than one written right', () => {
    const similarity = corrector.correct('purchse')?.similarity ?? 1;
    expect(similarity).toBeGreaterThan(0.5);
    expect(similarity).toBeLessThan(1);
  });

  test.each([
    ['of', 'turn', 'off'],
    ['of', 'purchas', undefined],
    ['to', 'turn', undefined],
    ['then', 'turn', undefined],
  ])('stop word %j after %j is repaired to %j', (word, previous, expected) => {
    expect(corrector.repairStopWord(word, previous)?.word).toBe(expected);
  });

  test.each([
    ['befor', true],
    ['wher', true],
    ['thier', true],
    ['becuase', true],
    ['where', false],
    ['wall', false],
    ['renewl', false],
    ['hte', false],
  ])('%s is a misspelt stop word: %s', (word, expected) => {
    expect(corrector.isMisspeltStopWord(word)).toBe(expected);
  });
});

describe('edit distance', () => {
  test.each([
    ['history', 'history', 0],
    ['histroy', 'history', 1],
    ['purchse', 'purchase', 1],
    ['renew', 'renwe', 1],
    ['seat', 'sets', 2],
    ['', 'abc', 3],
  ])('%s ~ %s = %i', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected);
  });

  test('stops counting past the cap', () => {
    expect(editDistance('abcdefgh', 'zyxwvuts', 2)).toBe(3);
  });
});
