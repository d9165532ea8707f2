import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appendFile, readFile, truncate } from 'node:fs/promises';
import { Journal, readJournals, type JournalEntry, type JournalFile } from '../../../src/storage/lowdb/journal';
import { StorageUnavailableError } from '../../../src/storage/ports';
import { KeyedMutex } from '../../../src/keyedMutex';
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
    return journals[0]!.commits.flatMap((commit) => commit.entries);
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
    await Promise.all(Array.from({ length: 40 }, (_, n) => journal.append([{ c: 'state', id: `conv-${n}`, v: 1, json: `{"n":${n}}` }], (g) => generations.push(g))));
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
    const first = [journal.append([{ c: 'state', id: 'a', deleted: true }], () => {}), journal.append([{ c: 'state', id: 'b', deleted: true }], () => {})];
    await expect(Promise.all(first)).rejects.toThrow('disk full');
    failing.mockImplementation(write);
    await journal.append([{ c: 'state', id: 'c', deleted: true }], () => {});
    await journal.close();
    const entries = await onlyGeneration();
    expect(entries.map((entry) => entry.id)).toEqual(['c']);
    failing.mockRestore();
  });

  /** A journal file on a disk that fills up: `fail` decides per write how many bytes make it (then the write fails). */
  function fillingDisk(fail: (text: string) => number | undefined, truncateWorks = true): (file: string) => Promise<JournalFile> {
    return async (file) => ({
      write: async (text) => {
        const keep = fail(text);
        if (keep === undefined) {
          await appendFile(file, text);
          return { bytesWritten: Buffer.byteLength(text) };
        }
        await appendFile(file, text.slice(0, keep));
        if (keep > 0) return { bytesWritten: keep };
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
      datasync: async () => {},
      truncate: async (length) => {
        if (!truncateWorks) throw new Error('EIO');
        await truncate(file, length);
      },
      close: async () => {},
    });
  }

  test.each`
    how                          | keep  | truncateWorks
    ${'a short write'}           | ${17} | ${true}
    ${'ENOSPC'}                  | ${0}  | ${true}
    ${'a short write, no undo'}  | ${17} | ${false}
  `('$how fails its commit with StorageUnavailableError; later commits land and replay finds them all', async ({ keep, truncateWorks }) => {
    let full = false;
    const journal = await Journal.open(folder, 0, fillingDisk(() => (full ? keep : undefined), truncateWorks));
    await journal.append([{ c: 'state', id: 'before', v: 1, json: '{"n":1}' }], () => {});
    full = true;
    await expect(journal.append([{ c: 'state', id: 'lost', v: 1, json: '{"n":2}' }], () => {})).rejects.toThrow(StorageUnavailableError);
    full = false;
    await journal.append([{ c: 'state', id: 'after', v: 1, json: '{"n":3}' }, { c: 'cases', id: 'with-it', v: 1, json: '{}' }], () => {});
    await journal.close();
    expect((await onlyGeneration()).map((entry) => entry.id)).toEqual(['before', 'after', 'with-it']);
    if (truncateWorks) expect(await readFile(path.join(folder, 'journal-1.log'), 'utf8')).not.toContain('lost');
  });

  test('a torn line glued to whole lines costs only itself on replay', async () => {
    const file = path.join(folder, 'journal-1.log');
    await appendFile(file, '{"tx":[{"c":"state","id":"a","v":1,"value":1}]}\n{"tx":[{"c":"state","id":"to\n{"tx":[{"c":"state","id":"b","v":1,"value":2}]}\n');
    expect((await onlyGeneration()).map((entry) => entry.id)).toEqual(['a', 'b']);
  });
});
