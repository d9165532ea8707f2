import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Journal, readJournals, type JournalEntry } from '../../../src/storage/lowdb/journal';
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

describe('Journal', () => {
  let folder: string;
  beforeEach(async () => (folder = await mkdtemp(path.join(os.tmpdir(), 'journal-'))));
  afterEach(() => rm(folder, { recursive: true, force: true }));

  async function onlyGeneration(): Promise<JournalEntry[]> {
    const journals = await readJournals(folder);
    expect(journals).toHaveLength(1);
    return journals[0]!.entries;
  }

  /** What every FileHandle's write goes through. */
  async function fileHandleMethods(): Promise<{ write: (...args: unknown[]) => Promise<unknown> }> {
    const probe = await open(path.join(folder, 'probe'), 'a');
    await probe.close();
    return Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
  }

  test('lines appended while a write is under way share the next write, in arrival order', async () => {
    const journal = await Journal.open(folder, 0);
    const writes = jest.spyOn(await fileHandleMethods(), 'write');
    const generations: number[] = [];
    await Promise.all(Array.from({ length: 40 }, (_, n) => journal.append({ c: 'state', id: `conv-${n}`, v: 1, json: `{"n":${n}}` }, (g) => generations.push(g))));
    await journal.close();
    expect(writes.mock.calls.length).toBeGreaterThan(0);
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
    expect(generations).toEqual(Array(40).fill(1));
    const entries = await onlyGeneration();
    expect(entries.map((entry) => entry.id)).toEqual(Array.from({ length: 40 }, (_, n) => `conv-${n}`));
    expect(entries[7]).toEqual({ c: 'state', id: 'conv-7', v: 1, value: { n: 7 } });
    writes.mockRestore();
  });

  test('a failed write fails every line that shared it, and later lines still go out', async () => {
    const journal = await Journal.open(folder, 0);
    const proto = await fileHandleMethods();
    const write = proto.write;
    const failing = jest.spyOn(proto, 'write').mockImplementationOnce(() => Promise.reject(new Error('disk full')));
    const first = [journal.append({ c: 'state', id: 'a', deleted: true }, () => {}), journal.append({ c: 'state', id: 'b', deleted: true }, () => {})];
    await expect(Promise.all(first)).rejects.toThrow('disk full');
    failing.mockImplementation(write);
    await journal.append({ c: 'state', id: 'c', deleted: true }, () => {});
    await journal.close();
    const entries = await onlyGeneration();
    expect(entries.map((entry) => entry.id)).toEqual(['c']);
    failing.mockRestore();
  });
});
