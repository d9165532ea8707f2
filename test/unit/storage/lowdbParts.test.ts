import { KeyedMutex } from '../../../src/storage/lowdb/keyedMutex';
import { LruCache } from '../../../src/storage/lowdb/lruCache';

describe('KeyedMutex', () => {
  test('runs tasks on one key one at a time, in call order, past failures', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const task = (name: string, fail = false) => async () => {
      events.push(`${name} starts`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`${name} ends`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      mutex.run('doc', task('a')),
      mutex.run('doc', task('b', true)),
      mutex.run('doc', task('c')),
    ]);
    expect(events).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  test('forgets keys once they are idle', async () => {
    const mutex = new KeyedMutex();
    await Promise.all(Array.from({ length: 1_000 }, (_, n) => mutex.run(`doc-${n}`, async () => n)));
    await mutex.idle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(mutex.busyKeys).toBe(0);
  });
});

describe('LruCache', () => {
  test('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });
});
