import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type Collection,
  ConcurrencyError,
  type DocumentStore,
  type PutOptions,
  type StoredDocument,
  toStoredJson,
} from '../ports';
import { type DocumentDb, type DocumentFile, fileNameFor, isDocumentFileName, readDocumentFile, writeDocumentFile } from './documentFiles';
import { Journal, readJournals, type JournalEntry } from './journal';
import { KeyedMutex } from './keyedMutex';
import { LruCache } from './lruCache';

export { CorruptDocumentError } from './documentFiles';

const CACHED_DOCUMENTS = 2_000;
const LIST_READ_CONCURRENCY = 16;
/** A checkpoint starts once the journal holds this much; each document is then written once, however often it changed. */
const CHECKPOINT_BYTES = 16 * 1024 * 1024;

export interface LowdbStoreOptions {
  /** Journal size that starts a checkpoint (default 16 MiB). */
  checkpointBytes?: number;
}

/** A document written to the journal but not yet to its own file; kept in memory until the next checkpoint. */
interface DirtyDocument {
  db: DocumentDb;
  collection: Collection;
  id: string;
  /** The journal generation that holds its latest write. */
  generation: number;
}

/**
 * The embedded default store: one JSON file per document, `<dataDir>/<collection>/<encoded id>.json`, so a
 * write costs the same with ten documents or a million. A write is first appended to a journal (one line,
 * no new file), and documents' files are brought up to date at checkpoints (when the journal has grown, and
 * on flush). Operations on one document run one at a time, which makes conditional writes atomic within
 * this process; one process owns a data directory.
 */
export class LowdbDocumentStore implements DocumentStore {
  private readonly locks = new KeyedMutex();
  private readonly cache = new LruCache<string, DocumentDb>(CACHED_DOCUMENTS);
  private readonly dirty = new Map<string, DirtyDocument>();
  private readonly folders = new Map<Collection, Promise<void>>();
  private checkpointing: Promise<void> | undefined;
  private checkpointError: unknown;
  private closed = false;

  constructor(
    readonly dataDir: string,
    private readonly journal: Journal,
    private readonly checkpointBytes = CHECKPOINT_BYTES,
  ) {}

  get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    return this.locks.run(keyOf(collection, id), async () => toStored<T>((await this.open(collection, id)).data));
  }

  async put<T>(collection: Collection, id: string, value: T, options: PutOptions = {}): Promise<number> {
    const json = toStoredJson(value);
    return this.locks.run(keyOf(collection, id), () => this.write(collection, id, json, options.expectedVersion));
  }

  delete(collection: Collection, id: string): Promise<void> {
    const key = keyOf(collection, id);
    return this.locks.run(key, async () => {
      await this.journal.append({ c: collection, id, deleted: true }, () => this.dirty.delete(key));
      this.cache.delete(key);
      await rm(this.fileOf(collection, id), { force: true });
    });
  }

  async list<T>(collection: Collection): Promise<StoredDocument<T>[]> {
    // Taken before the folder is read: a document a checkpoint writes meanwhile is then in one or the other.
    const pending = [...this.dirty.values()].filter((doc) => doc.collection === collection && doc.db.data).map((doc) => doc.db.data!);
    const names = (await readFolder(this.folderOf(collection))).filter(isDocumentFileName);
    const files = await mapLimited(names, LIST_READ_CONCURRENCY, (name) =>
      readDocumentFile(path.join(this.folderOf(collection), name)).then((db) => db.data),
    );
    const byId = new Map<string, DocumentFile>();
    for (const file of [...files, ...pending]) {
      if (file && (byId.get(file.id)?.version ?? 0) <= file.version) byId.set(file.id, file);
    }
    return [...byId.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((file) => ({ id: file.id, version: file.version, value: structuredClone(file.value) as T }));
  }

  /** Waits for pending writes and brings every document's file up to date. */
  async flush(): Promise<void> {
    await this.locks.idle();
    await this.checkpoint();
    if (this.checkpointError) {
      const error = this.checkpointError;
      this.checkpointError = undefined;
      throw error;
    }
  }

  /** Flushes and closes the journal; the store is unusable afterwards. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.journal.close();
  }

  /** Writes each document changed in the journal's current generation to its file, then drops that generation. */
  private checkpoint(): Promise<void> {
    this.checkpointing ??= this.runCheckpoint().finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  private async runCheckpoint(): Promise<void> {
    const generation = await this.journal.rotate();
    const due = [...this.dirty.entries()].filter(([, pending]) => pending.generation <= generation);
    for (const [key, pending] of due) {
      await this.locks.run(key, async () => {
        await this.ensureFolder(pending.collection);
        await pending.db.write();
        if ((this.dirty.get(key)?.generation ?? Infinity) <= generation) this.dirty.delete(key);
      });
    }
    await this.journal.remove(generation);
  }

  private async write(collection: Collection, id: string, json: string, expected: PutOptions['expectedVersion']) {
    const db = await this.open(collection, id);
    const actual = db.data?.version ?? 'absent';
    if (expected !== undefined && expected !== actual) throw new ConcurrencyError(collection, id, expected, actual);
    await this.ensureFolder(collection);
    const key = keyOf(collection, id);
    const version = (db.data?.version ?? 0) + 1;
    const previous = db.data;
    db.data = documentOf(id, version, json);
    try {
      await this.journal.append({ c: collection, id, v: version, json }, (generation) => this.dirty.set(key, { db, collection, id, generation }));
    } catch (error) {
      db.data = previous; // the write did not happen
      throw error;
    }
    if (this.journal.size >= this.checkpointBytes && !this.checkpointing) {
      void this.checkpoint().catch((error: unknown) => (this.checkpointError = error));
    }
    return version;
  }

  /** The document's lowdb instance, from the cache or read from disk; callers hold the document's lock. */
  private async open(collection: Collection, id: string): Promise<DocumentDb> {
    const key = keyOf(collection, id);
    const pending = this.dirty.get(key);
    if (pending) return pending.db;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const db = await readDocumentFile(this.fileOf(collection, id), id);
    this.cache.set(key, db);
    return db;
  }

  private ensureFolder(collection: Collection): Promise<void> {
    let created = this.folders.get(collection);
    if (!created) {
      created = mkdir(this.folderOf(collection), { recursive: true }).then(() => undefined);
      void created.catch(() => this.folders.delete(collection)); // let the next write try again
      this.folders.set(collection, created);
    }
    return created;
  }

  private folderOf(collection: Collection): string {
    return path.join(this.dataDir, collection);
  }

  private fileOf(collection: Collection, id: string): string {
    return path.join(this.folderOf(collection), fileNameFor(id));
  }
}

/** Opens (creating if needed) the store under `dataDir`, first applying what a previous run left in its journal. */
export async function openLowdbStore(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbDocumentStore> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  const journals = await readJournals(root);
  await replay(root, journals.flatMap((journal) => journal.entries));
  for (const { generation } of journals) await rm(path.join(root, `journal-${generation}.log`), { force: true });
  return new LowdbDocumentStore(root, await Journal.open(root, journals.at(-1)?.generation ?? 0), options.checkpointBytes);
}

/** Brings documents' files up to date with journal entries from a run that stopped before its checkpoint. */
async function replay(root: string, entries: JournalEntry[]): Promise<void> {
  const latest = new Map<string, JournalEntry>();
  for (const entry of entries) latest.set(`${entry.c}/${entry.id}`, entry);
  for (const entry of latest.values()) {
    const file = path.join(root, entry.c, fileNameFor(entry.id));
    if ('deleted' in entry) {
      await rm(file, { force: true });
      continue;
    }
    await mkdir(path.dirname(file), { recursive: true });
    // A file the journal already supersedes may be torn or corrupt: it is replaced either way.
    const onDisk = await readDocumentFile(file, entry.id).then((db) => db.data?.version ?? 0, () => 0);
    if (onDisk > entry.v) continue;
    await writeDocumentFile(file, { id: entry.id, version: entry.v, value: entry.value });
  }
}

// Collection names hold no '/', so the first '/' always ends the collection.
function keyOf(collection: Collection, id: string): string {
  return `${collection}/${id}`;
}

/** The JSON a document was last written with: parsing it is the cheapest private copy to hand out. */
const writtenJson = new WeakMap<DocumentFile, string>();

/**
 * A written document. Reads parse their own copy from its JSON, so its `value` is parsed only if something
 * needs the object itself: a checkpoint writing the file, or a listing.
 */
function documentOf(id: string, version: number, json: string): DocumentFile {
  let value: unknown;
  let parsed = false;
  const file = Object.defineProperty({ id, version } as DocumentFile, 'value', {
    enumerable: true,
    get: () => {
      if (!parsed) {
        value = JSON.parse(json) as unknown;
        parsed = true;
      }
      return value;
    },
  });
  writtenJson.set(file, json);
  return file;
}

function toStored<T>(file: DocumentFile | null): StoredDocument<T> | undefined {
  if (!file) return undefined;
  const json = writtenJson.get(file);
  return { id: file.id, version: file.version, value: (json === undefined ? structuredClone(file.value) : JSON.parse(json)) as T };
}

async function readFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function mapLimited<I, O>(items: readonly I[], limit: number, map: (item: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
