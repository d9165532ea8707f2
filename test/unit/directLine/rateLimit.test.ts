import { RateLimiter } from '../../../src/server/directLine/rateLimit';

test('a burst is allowed, then one go per refill, and the wait is said in whole seconds', () => {
  let now = 0;
  const limiter = new RateLimiter({ burst: 3, perSecond: 0.5 }, 100, () => now);
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
  expect(limiter.take('a')).toBe(2);
  expect(limiter.take('b')).toBe(0);
  now += 2000;
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBe(2);
});

test('the number of keys held is bounded', () => {
  const limiter = new RateLimiter({ burst: 1, perSecond: 1 }, 2, () => 0);
  limiter.take('a');
  limiter.take('b');
  limiter.take('c');
  // 'a' was dropped, so it starts again with a full bucket.
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('c')).toBe(1);
});
