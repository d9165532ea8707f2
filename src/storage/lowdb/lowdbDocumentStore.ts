import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LocalLeases, LocalOutbox } from '../local/localOutbox';
import {
  type Change,
  type Collection,
  type Commit,
  type Committed,
  ConcurrencyError,
  type PutOptions,
  putChange,
  serialiseCommit,
  type Store,
  type StoredDocument,
  type Tags,
  tagsMatch,
  withJson,
} from '../ports';
import { lockDataDir } from './dataDirLock';
import { CorruptDocumentError, type DocumentDb, type DocumentFile, emptyDocumentDb, fileNameFor, isDocumentFileName, readDocumentFile } from './documentFiles';
import { type Appended, Journal, type OpenJournalFile, readJournals } from './journal';
import { LogFiles, type SerialisedRecord, serialisedRecord } from './logFiles';
import { KeyedMutex } from '../../keyedMutex';
import { LruCache } from './lruCache';
import { replay } from './replay';
import { TagIndex } from './tagIndex';

export { CorruptDocumentError };
export { DataDirInUseError } from './dataDirLock';

const CACHED_DOCUMENTS = 2_000;
const LIST_READ_CONCURRENCY = 16;
/** A checkpoint starts once the journal holds this much; each document is then written once, however often it changed. */
const CHECKPOINT_BYTES = 16 * 1024 * 1024;

export interface LowdbStoreOptions {
  /** Journal size that starts a checkpoint (default 16 MiB). */
  checkpointBytes?: number;
  /** How the journal's file is opened: a test hands in one that fails like a full disk. */
  openJournalFile?: OpenJournalFile;
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
 * write costs the same with ten documents or a million. A commit is one line appended to a synced journal
 * (all its changes or none), and documents' files are brought up to date at checkpoints (when the journal has
 * grown, and on flush). The documents of a commit are locked together, in id order, which makes commits
 * atomic and conditional writes exact within this process; one process owns a data directory (`.lock`).
 */
export class LowdbDocumentStore implements Store {
  readonly kind = 'lowdb';
  readonly outbox: LocalOutbox = new LocalOutbox(this);
  readonly leases = new LocalLeases(this);
  readonly logs: LogFiles;
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
    private readonly tags: TagIndex,
    private readonly unlock: () => Promise<void>,
    private readonly checkpointBytes = CHECKPOINT_BYTES,
  ) {
    this.logs = new LogFiles(dataDir);
  }

  get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    return this.locks.run(keyOf(collection, id), async () => toStored<T>((await this.open(collection, id)).data));
  }

  async find<T>(collection: Collection, where: Tags, limit = Number.POSITIVE_INFINITY): Promise<StoredDocument<T>[]> {
    const found: StoredDocument<T>[] = [];
    for (const id of this.tags.matching(collection, where)) {
      if (found.length >= limit) break;
      const document = await this.get<T>(collection, id);
      if (document && tagsMatch(document.tags, where)) found.push(document);
    }
    return found;
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
      .map((file) => ({ id: file.id, version: file.version, value: structuredClone(file.value) as T, ...(file.tags ? { tags: { ...file.tags } } : {}) }));
  }

  async commit({ changes, outbox = [], records = [] }: Commit): Promise<Committed> {
    const queued = this.outbox.changesFor(outbox);
    const all = [...changes, ...queued.changes];
    const { json, recordJson } = serialiseCommit(all, records);
    const logged = records.map((record, index) => serialisedRecord(record, recordJson[index]!));
    const keys = all.map((change) => keyOf(change.collection, change.id));
    const versions = await this.locks.runAll(keys, () => this.apply(all, json, logged));
    if (this.journal.size >= this.checkpointBytes && !this.checkpointing) {
      void this.checkpoint().catch((error: unknown) => (this.checkpointError = error));
    }
    if (queued.ids.length > 0) this.outbox.enqueued();
    return { versions: versions.slice(0, changes.length), outbox: queued.ids };
  }

  async put<T>(collection: Collection, id: string, value: T, options: PutOptions = {}): Promise<number> {
    const { versions } = await this.commit({ changes: [putChange(collection, id, value, options)] });
    return versions[0]!;
  }

  async delete(collection: Collection, id: string): Promise<void> {
    await this.commit({ changes: [{ kind: 'delete', collection, id }] });
  }

  /** The disk takes writes when the last journal write went through; nothing to probe in between. */
  async health(): Promise<void> {
    if (this.closed) throw new Error('The store is closed.');
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

  /** Flushes, closes the journal and lets go of the data directory; closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.journal.close();
    await this.unlock();
  }

  /** Under the locks of every document involved: check every expectation, journal the commit, then apply it. */
  private async apply(all: readonly Change[], json: readonly string[], records: readonly SerialisedRecord[]): Promise<number[]> {
    const dbs = await Promise.all(all.map((change) => this.openFor(change)));
    all.forEach((change, index) => {
      const actual = dbs[index]!.data?.version ?? 'absent';
      if (change.expected !== undefined && change.expected !== actual) throw new ConcurrencyError(change.collection, change.id, change.expected, actual);
    });
    const entries: Appended[] = [];
    const versions = all.map((change, index) => {
      if (change.kind === 'check') return 0;
      if (change.kind === 'delete') {
        entries.push({ c: change.collection, id: change.id, deleted: true });
        return 0;
      }
      const version = (dbs[index]!.data?.version ?? 0) + 1;
      entries.push({ c: change.collection, id: change.id, v: version, json: json[index]!, ...(change.tags ? { t: change.tags } : {}) });
      return version;
    });
    if (entries.length === 0 && records.length === 0) return versions;
    await Promise.all(all.filter((change) => change.kind === 'put').map((change) => this.ensureFolder(change.collection)));
    await this.journal.append([...entries, ...records], (generation) => {
      this.applied(all, dbs, versions, json, generation);
      this.logs.add(records, generation);
    });
    await Promise.all(all.filter((change) => change.kind === 'delete').map((change) => rm(this.fileOf(change.collection, change.id), { force: true })));
    return versions;
  }

  /** The commit is on disk: the documents, the cache and the tag index now show it. */
  private applied(all: readonly Change[], dbs: DocumentDb[], versions: number[], json: readonly string[], generation: number): void {
    all.forEach((change, index) => {
      const key = keyOf(change.collection, change.id);
      if (change.kind === 'check') return;
      if (change.kind === 'delete') {
        this.dirty.delete(key);
        this.cache.delete(key);
        this.tags.set(change.collection, change.id, undefined);
        return;
      }
      const db = dbs[index]!;
      db.data = documentOf(change.id, versions[index]!, json[index]!, change.tags);
      this.cache.set(key, db);
      this.dirty.set(key, { db, collection: change.collection, id: change.id, generation });
      this.tags.set(change.collection, change.id, change.tags);
    });
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
    await this.logs.checkpoint(generation);
    await this.tags.save();
    await this.journal.remove(generation);
  }

  /** An unconditional delete also removes a document whose file cannot be read. */
  private async openFor(change: Change): Promise<DocumentDb> {
    try {
      return await this.open(change.collection, change.id);
    } catch (error) {
      if (!(error instanceof CorruptDocumentError) || change.kind !== 'delete' || change.expected !== undefined) throw error;
      return emptyDocumentDb(this.fileOf(change.collection, change.id));
    }
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

/**
 * Opens (creating if needed) the store under `dataDir`: takes its lock, then applies what a previous run left
 * in its journal. Throws DataDirInUseError when another live process holds it.
 */
export async function openLowdbStore(dataDir: string, options: LowdbStoreOptions = {}): Promise<LowdbDocumentStore> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  const unlock = await lockDataDir(root);
  try {
    const tags = await TagIndex.load(root);
    const journals = await readJournals(root);
    await replay(root, journals.flatMap((journal) => journal.commits), tags);
    await tags.save();
    for (const { generation } of journals) await rm(path.join(root, `journal-${generation}.log`), { force: true });
    const journal = await Journal.open(root, journals.at(-1)?.generation ?? 0, options.openJournalFile);
    return new LowdbDocumentStore(root, journal, tags, unlock, options.checkpointBytes);
  } catch (error) {
    await unlock();
    throw error;
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
function documentOf(id: string, version: number, json: string, tags: Tags | undefined): DocumentFile {
  let value: unknown;
  let parsed = false;
  const file = Object.defineProperty({ id, version, ...(tags && Object.keys(tags).length > 0 ? { tags: { ...tags } } : {}) } as DocumentFile, 'value', {
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
  const document: StoredDocument<T> = {
    id: file.id,
    version: file.version,
    value: (json === undefined ? structuredClone(file.value) : JSON.parse(json)) as T,
    ...(file.tags ? { tags: { ...file.tags } } : {}),
  };
  return json === undefined ? document : withJson(document, json);
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
