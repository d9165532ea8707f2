import { TextCache } from '../../../src/language/textCache';

describe('TextCache', () => {
  test('computes a text once while it is remembered, and starts afresh when full', () => {
    const cache = new TextCache(2);
    const seen: string[] = [];
    const upper = (text: string) => {
      seen.push(text);
      return text.toUpperCase();
    };
    expect(['a', 'a', 'b', 'a', 'c', 'a'].map((text) => cache.get(text, upper))).toEqual(['A', 'A', 'B', 'A', 'C', 'A']);
    // 'c' found the cache full (a, b): it was cleared, so 'a' was computed again after it.
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
  });
});
