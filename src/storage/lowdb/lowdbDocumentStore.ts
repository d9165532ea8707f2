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
import { type DocumentDb, type DocumentFile, fileNameFor, isDocumentFileName, readDocumentFile } from './documentFiles';
import { KeyedMutex } from './keyedMutex';
import { LruCache } from './lruCache';

export { CorruptDocumentError } from './documentFiles';

const CACHED_DOCUMENTS = 2_000;
const LIST_READ_CONCURRENCY = 16;

/**
 * The embedded default store: one JSON file per document, `<dataDir>/<collection>/<encoded id>.json`,
 * so a write costs the same with ten documents or a million. Operations on one document run one at a time,
 * which makes conditional writes atomic within this process; one process owns a data directory.
 */
export class LowdbDocumentStore implements DocumentStore {
  private readonly locks = new KeyedMutex();
  private readonly cache = new LruCache<string, DocumentDb>(CACHED_DOCUMENTS);
  private readonly folders = new Map<Collection, Promise<void>>();

  constructor(readonly dataDir: string) {}

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
      this.cache.delete(key);
      await rm(this.fileOf(collection, id), { force: true });
    });
  }

  async list<T>(collection: Collection): Promise<StoredDocument<T>[]> {
    const names = (await readFolder(this.folderOf(collection))).filter(isDocumentFileName);
    const files = await mapLimited(names, LIST_READ_CONCURRENCY, (name) =>
      readDocumentFile(path.join(this.folderOf(collection), name)).then((db) => db.data),
    );
    return files
      .filter((file): file is DocumentFile => file !== null)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((file) => ({ id: file.id, version: file.version, value: file.value as T }));
  }

  flush(): Promise<void> {
    return this.locks.idle();
  }

  private async write(collection: Collection, id: string, json: string, expected: PutOptions['expectedVersion']) {
    const db = await this.open(collection, id);
    const actual = db.data?.version ?? 'absent';
    if (expected !== undefined && expected !== actual) throw new ConcurrencyError(collection, id, expected, actual);
    await this.ensureFolder(collection);
    const version = (db.data?.version ?? 0) + 1;
    db.data = { id, version, value: JSON.parse(json) as unknown };
    try {
      await db.write();
    } catch (error) {
      this.cache.delete(keyOf(collection, id)); // its data no longer matches the disk
      throw error;
    }
    return version;
  }

  /** The document's lowdb instance, from the cache or read from disk; callers hold the document's lock. */
  private async open(collection: Collection, id: string): Promise<DocumentDb> {
    const key = keyOf(collection, id);
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

/** Opens (creating if needed) the store under `dataDir`. */
export async function openLowdbStore(dataDir: string): Promise<LowdbDocumentStore> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  return new LowdbDocumentStore(root);
}

// Collection names hold no '/', so the first '/' always ends the collection.
function keyOf(collection: Collection, id: string): string {
  return `${collection}/${id}`;
}

function toStored<T>(file: DocumentFile | null): StoredDocument<T> | undefined {
  return file ? { id: file.id, version: file.version, value: structuredClone(file.value) as T } : undefined;
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
