import { spawn } from 'node:child_process';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JournalFile } from '../../../src/storage/lowdb/journal';
import { CorruptDocumentError, DataDirInUseError, openLowdbStore as openStore, type LowdbDocumentStore, type LowdbStoreOptions } from '../../../src/storage/lowdb/lowdbDocumentStore';
import { StorageUnavailableError } from '../../../src/storage/ports';
import { describeDocumentStoreContract } from './documentStore.contract';

/** Stores opened by a test, closed after it; of several on one folder only the last, the others stand for crashed runs. */
const opened: LowdbDocumentStore[] = [];
async function openLowdbStore(dataDir: string, options?: LowdbStoreOptions): Promise<LowdbDocumentStore> {
  const store = await openStore(dataDir, options);
  opened.push(store);
  return store;
}
async function closeOpened(): Promise<void> {
  const stores = opened.splice(0);
  const lastPerFolder = new Map(stores.map((store) => [store.dataDir, store]));
  const crashed = stores.filter((store) => lastPerFolder.get(store.dataDir) !== store);
  await Promise.all([...lastPerFolder.values()].map((store) => store.close()));
  // A killed process writes nothing more; the system just closes its files. So do we, without a checkpoint.
  await Promise.all(crashed.map((store) => (store as unknown as { journal: { close(): Promise<void> } }).journal.close()));
}

/** A fresh data folder for each test, handed to `use`; stores opened on it are closed and the folder removed after. */
function useTempDataDir(use: (dir: string) => void): void {
  let dir = '';
  beforeEach(async () => {
    dir = await tempDataDir();
    use(dir);
  });
  afterEach(async () => {
    await closeOpened();
    await rm(dir, { recursive: true, force: true });
  });
}

async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'lowdb-store-'));
}

describeDocumentStoreContract('LowdbDocumentStore', async () => {
  const dataDir = await tempDataDir();
  const store = await openLowdbStore(dataDir);
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('LowdbDocumentStore on disk', () => {
  let dataDir: string;
  useTempDataDir((dir) => (dataDir = dir));

  const filesIn = async (collection: string) => (await readdir(path.join(dataDir, collection))).sort();

  test('documents survive reopening the store', async () => {
    const first = await openLowdbStore(dataDir);
    await first.put('accounts', 'contoso', { name: 'Contoso' });
    await first.put('accounts', 'contoso', { name: 'Contoso Ltd' });
    await first.flush();
    const reopened = await openLowdbStore(dataDir);
    const reread = await reopened.get('accounts', 'contoso');
    expect(reread).toEqual({ id: 'contoso', version: 2, value: { name: 'Contoso Ltd' } });
    await expect(reopened.put('accounts', 'contoso', {}, { expectedVersion: 2 })).resolves.toBe(3);
  });

  test('each document is its own file, holding its id, version and value', async () => {
    const store = await openLowdbStore(dataDir);
    for (let n = 0; n < 7; n++) await store.put('cases', `case-${n}`, { n });
    await store.put('cases', 'case-0', { n: 'again' });
    await store.flush();
    expect(await filesIn('cases')).toHaveLength(7);
    const file = JSON.parse(await readFile(path.join(dataDir, 'cases', 'case-0.json'), 'utf8'));
    expect(file).toEqual({ id: 'case-0', version: 2, value: { n: 'again' } });
    await store.delete('cases', 'case-3');
    expect(await filesIn('cases')).toHaveLength(6);
  });

  test('file names are safe, distinct when ids differ only in case, and hashed when long', async () => {
    const store = await openLowdbStore(dataDir);
    const ids = ['Case', 'case', 'a/b c', 'y'.repeat(500), `${'/'.repeat(33)}${'z'.repeat(300)}`, 'CON', ''];
    for (const id of ids) await store.put('state', id, id);
    await store.flush();
    const names = await filesIn('state');
    expect(names).toHaveLength(ids.length);
    expect(names).toContain('case.json');
    expect(names).toContain('%43ase.json');
    expect(names).toContain('a%2Fb%20c.json');
    expect(names.every((name) => name.length <= 210 && /^([a-z0-9_~-]|%[0-9A-F]{2})+\.json$/.test(name))).toBe(true);
  });

  test('a stray temp file and a torn write of another document do not disturb reads', async () => {
    const store = await openLowdbStore(dataDir);
    await store.put('cases', 'kept', { ok: true });
    await store.put('cases', 'torn', { before: 'crash' });
    // What a crash mid-write leaves: a partial temp file beside the intact previous version.
    await writeFile(path.join(dataDir, 'cases', '.torn.json.tmp'), '{"id":"torn","vers');
    await writeFile(path.join(dataDir, 'cases', '.stray.json.tmp'), 'garbage');
    const reopened = await openLowdbStore(dataDir);
    expect((await reopened.get('cases', 'kept'))?.value).toEqual({ ok: true });
    expect((await reopened.get('cases', 'torn'))?.value).toEqual({ before: 'crash' });
    expect((await reopened.list('cases')).map((document) => document.id)).toEqual(['kept', 'torn']);
  });

  test('a truncated file spoils only its own document', async () => {
    const store = await openLowdbStore(dataDir);
    await store.put('cases', 'kept', { ok: true });
    await writeFile(path.join(dataDir, 'cases', 'broken.json'), '{"id":"broken","version":1,"val');
    const reopened = await openLowdbStore(dataDir);
    expect((await reopened.get('cases', 'kept'))?.value).toEqual({ ok: true });
    await expect(reopened.put('cases', 'kept', { ok: 'still' })).resolves.toBe(2);
  });

  test.each`
    content                                          | reason
    ${'{"id":"broken","version":1,"val'}             | ${'invalid JSON'}
    ${''}                                            | ${'invalid JSON'}
    ${'{"id":"broken","version":"one","value":{}}'}  | ${'version'}
    ${'{"id":"someone-else","version":1,"value":1}'} | ${'belongs in someone-else.json'}
  `('a file holding $content is a CorruptDocumentError naming the file ($reason)', async ({ content, reason }) => {
    const store = await openLowdbStore(dataDir);
    await store.put('cases', 'kept', 1);
    const file = path.join(dataDir, 'cases', 'broken.json');
    await writeFile(file, content);
    const failure = store.get('cases', 'broken');
    await expect(failure).rejects.toThrow(CorruptDocumentError);
    await expect(failure).rejects.toThrow(file);
    await expect(failure).rejects.toThrow(reason);
    await expect(failure).rejects.toThrow(/restore it from a backup/);
    await expect(store.list('cases')).rejects.toThrow(CorruptDocumentError);
    await expect(store.put('cases', 'broken', 'fresh')).rejects.toThrow(CorruptDocumentError);
  });

  test('deleting a corrupt document removes its file', async () => {
    const store = await openLowdbStore(dataDir);
    await store.put('cases', 'kept', 1);
    await writeFile(path.join(dataDir, 'cases', 'broken.json'), 'not json');
    await store.delete('cases', 'broken');
    await expect(store.put('cases', 'broken', 'fresh')).resolves.toBe(1);
  });

  test('the data directory is created when missing', async () => {
    const nested = path.join(dataDir, 'not', 'yet');
    const store = await openLowdbStore(nested);
    await store.put('meta', 'marker', true);
    await store.close();
    expect(await readdir(path.join(nested, 'meta'))).toEqual(['marker.json']);
  });
});

describe('LowdbDocumentStore journal', () => {
  let dataDir: string;
  useTempDataDir((dir) => (dataDir = dir));

  const journalFiles = async () => (await readdir(dataDir)).filter((name) => name.startsWith('journal-'));

  test('writes that never reached a checkpoint survive a crash: the next open replays them into files', async () => {
    const crashed = await openLowdbStore(dataDir);
    await crashed.put('state', 'conv-1', { turn: 1 });
    await crashed.put('state', 'conv-1', { turn: 2 });
    await crashed.put('cases', 'CASE-000001', { status: 'queued' });
    await crashed.put('meta', 'gone', 1);
    await crashed.delete('meta', 'gone');
    // No flush, no close: as after SIGKILL.
    const reopened = await openLowdbStore(dataDir);
    expect(await reopened.get('state', 'conv-1')).toEqual({ id: 'conv-1', version: 2, value: { turn: 2 } });
    expect(await reopened.get('cases', 'CASE-000001')).toMatchObject({ version: 1, value: { status: 'queued' } });
    expect(await reopened.get('meta', 'gone')).toBeUndefined();
    expect(JSON.parse(await readFile(path.join(dataDir, 'state', 'conv-1.json'), 'utf8'))).toMatchObject({ version: 2 });
    expect(await journalFiles()).toHaveLength(1);
    await reopened.close();
  });

  test('ids and values with quotes, line breaks and other scripts replay as they were written', async () => {
    const crashed = await openLowdbStore(dataDir);
    const ids = ['say "hi"\nback\\slash', 'msteams/19:ab@thread.tacv2', 'Ünïcödé 会话 🙂'];
    for (const id of ids) await crashed.put('state', id, { id, text: 'line one\nline "two" \u2028 ✓' });
    const reopened = await openLowdbStore(dataDir);
    for (const id of ids) expect(await reopened.get('state', id)).toEqual({ id, version: 1, value: { id, text: 'line one\nline "two" \u2028 ✓' } });
    await reopened.close();
  });

  test('log records that never reached a checkpoint survive a crash, and a torn day file loses none of them', async () => {
    const record = (id: string) => ({ log: 'events' as const, day: '2026-12-01', id, value: { id } });
    const first = await openLowdbStore(dataDir);
    await first.commit({ changes: [], records: [record('a'), record('b')] });
    await first.flush(); // a and b are in the day file now
    await writeFile(path.join(dataDir, 'logs', 'events', '2026-12-01.jsonl'), '{"id":"torn","val', { flag: 'a' });
    await first.commit({ changes: [{ kind: 'put', collection: 'meta', id: 'm', value: 1 }], records: [record('c')] });
    // No flush, no close: c is only in the journal, as after SIGKILL.
    const reopened = await openLowdbStore(dataDir);
    expect(await reopened.logs.read('events', '2026-12-01')).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    await reopened.commit({ changes: [], records: [record('d')] });
    await reopened.flush();
    expect(await reopened.logs.read('events', '2026-12-01')).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    await reopened.close();
  });

  test('a torn last line (a crash mid-append) is skipped and the previous version stays', async () => {
    const crashed = await openLowdbStore(dataDir);
    await crashed.put('state', 'conv-1', { turn: 1 });
    await crashed.put('state', 'conv-1', { turn: 2 });
    const [journal] = await journalFiles();
    await writeFile(path.join(dataDir, journal!), '{"c":"state","id":"conv-1","v":3,"value":{"tu', { flag: 'a' });
    const reopened = await openLowdbStore(dataDir);
    expect(await reopened.get('state', 'conv-1')).toMatchObject({ version: 2, value: { turn: 2 } });
    await expect(reopened.put('state', 'conv-1', { turn: 3 }, { expectedVersion: 2 })).resolves.toBe(3);
    await reopened.close();
  });

  test('documents not yet in their files are listed, and a checkpoint starts by itself once the journal is big', async () => {
    const store = await openLowdbStore(dataDir, { checkpointBytes: 2048 });
    for (let n = 0; n < 60; n++) await store.put('feedback', `f-${String(n).padStart(2, '0')}`, { text: 'x'.repeat(100), n });
    expect((await store.list('feedback')).map((doc) => doc.id)).toHaveLength(60);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readdir(path.join(dataDir, 'feedback'))).length).toBeGreaterThan(0);
    await store.close();
    expect(await readdir(path.join(dataDir, 'feedback'))).toHaveLength(60);
    expect(await journalFiles()).toHaveLength(1);
  });
});

describe('LowdbDocumentStore under faults', () => {
  let dataDir: string;
  useTempDataDir((dir) => (dataDir = dir));

  /** Journal files on a disk that is full while `full.now` is true: each write gets half its bytes down, then fails. */
  function diskThatFills(full: { now: boolean }): (file: string) => Promise<JournalFile> {
    return async (file) => {
      const handle = await open(file, 'a');
      return {
        write: async (text) => {
          if (!full.now) return handle.write(text);
          await handle.write(text.slice(0, Math.floor(text.length / 2)));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        datasync: () => handle.datasync(),
        truncate: (length) => handle.truncate(length),
        close: () => handle.close(),
      };
    };
  }

  test('a full disk fails commits; after a crash every acknowledged write of 20 conversations is back', async () => {
    const full = { now: false };
    const crashed = await openLowdbStore(dataDir, { openJournalFile: diskThatFills(full) });
    const acknowledged = new Map<string, number>();
    let refused = 0;
    for (let turn = 1; turn <= 30; turn++) {
      full.now = turn >= 10 && turn < 15;
      await Promise.all(
        Array.from({ length: 20 }, async (_, n) => {
          const id = `conv-${n}`;
          try {
            await crashed.commit({ changes: [{ kind: 'put', collection: 'state', id, value: { turn } }, { kind: 'put', collection: 'meta', id: `seen-${n}`, value: turn }] });
            acknowledged.set(id, turn);
          } catch (error) {
            expect(error).toBeInstanceOf(StorageUnavailableError);
            refused++;
          }
        }),
      );
    }
    expect(refused).toBe(5 * 20);
    // No close: as after SIGKILL.
    const reopened = await openLowdbStore(dataDir);
    for (const [id, turn] of acknowledged) {
      expect((await reopened.get('state', id))?.value).toEqual({ turn });
      expect((await reopened.get('meta', `seen-${id.slice('conv-'.length)}`))?.value).toBe(turn);
    }
    expect(acknowledged.get('conv-7')).toBe(30);
  });

  test('a data directory held by another live process is refused with a message saying what to do', async () => {
    const other = spawn('sleep', ['10']);
    try {
      await writeFile(path.join(dataDir, '.lock'), String(other.pid));
      await expect(openStore(dataDir)).rejects.toThrow(DataDirInUseError);
      await expect(openStore(dataDir)).rejects.toThrow(/One process owns a DATA_DIR.*PostgreSQL/);
    } finally {
      other.kill();
    }
  });

  test('a lock left by a process that is gone is taken over', async () => {
    await writeFile(path.join(dataDir, '.lock'), '999999');
    const store = await openLowdbStore(dataDir);
    await store.put('meta', 'ok', true);
    expect((await readFile(path.join(dataDir, '.lock'), 'utf8')).trim()).toBe(String(process.pid));
  });
});
