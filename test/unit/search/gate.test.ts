import { decide, gateOptions } from '../../../src/search/gate';

const options = gateOptions.parse({});
const hit = (score: number, coverage = 1) => ({ score, coverage });
const wellAsked = { coverage: 1, words: 3 };

describe('confidence gate', () => {
  test.each([
    ['a strong top, clearly ahead', [hit(0.9), hit(0.5)], wellAsked, 'answer'],
    ['a lone candidate', [hit(0.6)], wellAsked, 'answer'],
    ['two articles neck and neck', [hit(0.8), hit(0.797)], wellAsked, 'did-you-mean'],
    ['a longer question with a rival 0.01 behind: answered', [hit(0.8), hit(0.79)], wellAsked, 'answer'],
    ['a one-word question with a rival close behind', [hit(0.9), hit(0.86)], { coverage: 1, words: 1 }, 'did-you-mean'],
    ['a one-word question with one article far ahead', [hit(0.9), hit(0.6)], { coverage: 1, words: 1 }, 'answer'],
    ['a longer question with the same rival: the lead is enough', [hit(0.9), hit(0.86)], wellAsked, 'answer'],
    ['most words unknown to the articles', [hit(0.9)], { coverage: 0.4, words: 3 }, 'none'],
    ['a weak top score', [hit(0.2), hit(0.1)], wellAsked, 'none'],
    ['a top article missing most of the question', [hit(0.8, 0.3)], wellAsked, 'none'],
    ['a top article missing most of the question, and a runner-up covering it', [hit(0.8, 0.3), hit(0.6, 0.8)], wellAsked, 'answer'],
    ['nothing found', [], wellAsked, 'none'],
  ] as const)('%s -> %s', (_, ranked, question, kind) => {
    expect(decide(ranked, question, options).kind).toBe(kind);
  });

  test('offers at most the configured number of choices', () => {
    const verdict = decide([hit(0.8), hit(0.8), hit(0.8), hit(0.8)], wellAsked, options);
    expect(verdict).toMatchObject({ kind: 'did-you-mean', choices: [hit(0.8), hit(0.8), hit(0.8)] });
  });

  test('keeps the nearest articles of a no-answer for "you could also look at"', () => {
    const verdict = decide([hit(0.9), hit(0.5)], { coverage: 0.2, words: 5 }, options);
    expect(verdict).toEqual({ kind: 'none', nearest: [hit(0.9), hit(0.5)] });
  });

  test('alternatives to an answer are only plausible articles', () => {
    const verdict = decide([hit(0.9), hit(0.5), hit(0.1)], wellAsked, options);
    expect(verdict).toEqual({ kind: 'answer', hit: hit(0.9), alternatives: [hit(0.5)] });
  });
});
