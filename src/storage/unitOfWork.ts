import {
  backOff,
  type Change,
  type Collection,
  ConcurrencyError,
  type DocumentStore,
  type Expected,
  jsonOf,
  type LogRecord,
  type OutboxMessage,
  type StoredDocument,
  type Tags,
  withJson,
} from './ports';
import type { ReadCache } from './readCache';

type Key = `${Collection}/${string}`;

interface Read {
  collection: Collection;
  id: string;
  /** What was read, shared with no caller; with `json`, its value is left out and copies are parsed from the JSON. */
  document: StoredDocument<unknown> | undefined;
  json?: string;
  /** Taken from the replica's read cache: the commit proves the store still holds this version. */
  cached?: boolean;
}

/**
 * The changes of one turn or one job, applied together or not at all. Reads are remembered with their
 * version; writes are held until `commit`, which writes each document only if it is still the version that
 * was read (a document not read is written unconditionally), together with the outbox messages. Reads see
 * this unit's own writes. With a read cache (a store a round trip away), a document the replica knows is
 * read from there and checked at commit instead.
 */
export class UnitOfWork {
  private readonly reads = new Map<Key, Read>();
  private readonly writes = new Map<Key, Change>();
  private readonly messages: OutboxMessage[] = [];
  private readonly records: LogRecord[] = [];
  private readonly committedHooks: ((outboxIds: string[]) => Promise<void> | void)[] = [];
  private done = false;
  private outboxIds: string[] = [];

  constructor(
    readonly store: DocumentStore,
    private readonly cache?: ReadCache,
  ) {}

  async get<T>(collection: Collection, id: string): Promise<T | undefined> {
    return (await this.read<T>(collection, id))?.value;
  }

  /**
   * The document with its version and tags, as this unit sees it; with `jsonOf` its JSON text, when known.
   * The first read hands out the store's own fresh copy and keeps only its JSON (or a copy) for later reads.
   */
  async read<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    const key = keyOf(collection, id);
    const written = this.writes.get(key);
    if (written?.kind === 'put') {
      const value = (written.json === undefined ? structuredClone(written.value) : JSON.parse(written.json)) as T;
      const document = { id, value, version: -1, ...(written.tags ? { tags: written.tags } : {}) };
      return written.json === undefined ? document : withJson(document, written.json);
    }
    if (written?.kind === 'delete') return undefined;
    const known = this.reads.get(key);
    if (known) return copyOf<T>(known);
    const remembered = this.cache?.holds(collection) ? this.cache.lookup(collection, id) : undefined;
    if (remembered) {
      const document = { id, version: remembered.version, value: undefined, ...(remembered.tags ? { tags: remembered.tags } : {}) };
      const read: Read = { collection, id, document, json: remembered.json, cached: true };
      this.reads.set(key, read);
      return copyOf<T>(read);
    }
    const fetched = await this.store.get<T>(collection, id);
    const raced = this.reads.get(key); // another read of this unit got there first: its version counts
    if (raced) return copyOf<T>(raced);
    const json = fetched && jsonOf(fetched);
    const kept = fetched && { ...fetched, value: json === undefined ? structuredClone(fetched.value) : undefined, ...(fetched.tags ? { tags: { ...fetched.tags } } : {}) };
    const read: Read = { collection, id, document: kept, ...(json === undefined ? {} : { json }) };
    this.reads.set(key, read);
    return json === undefined ? copyOf<T>(read) : fetched;
  }

  /** Writes the document at commit, on the version this unit read (or unconditionally when it did not read it). */
  put<T>(collection: Collection, id: string, value: T, tags?: Tags): void {
    this.change({ kind: 'put', collection, id, value: structuredClone(value), ...this.expected(collection, id), ...(tags ? { tags } : {}) });
  }

  /** As `put`, for a value the caller has serialised already (`toStoredJson`): stored as that text, not copied again. */
  putJson(collection: Collection, id: string, json: string, tags?: Tags): void {
    this.change({ kind: 'put', collection, id, value: undefined, json, ...this.expected(collection, id), ...(tags ? { tags } : {}) });
  }

  /** Creates the document at commit; the commit fails if it exists by then. */
  insert<T>(collection: Collection, id: string, value: T, tags?: Tags): void {
    this.change({ kind: 'put', collection, id, value: structuredClone(value), expected: 'absent', ...(tags ? { tags } : {}) });
  }

  delete(collection: Collection, id: string): void {
    this.change({ kind: 'delete', collection, id, ...this.expected(collection, id) });
  }

  /** Reads, changes and writes back one document; `change` returns undefined to leave it as it is. */
  async update<T>(collection: Collection, id: string, change: (current: T | undefined) => T | undefined, tags?: (next: T) => Tags): Promise<T | undefined> {
    const current = await this.read<T>(collection, id);
    const next = change(current?.value);
    if (next === undefined) return current?.value;
    this.put(collection, id, next, tags?.(next) ?? current?.tags);
    return next;
  }

  /** The next number of a named sequence, taken in this unit: without gaps, since it commits with the rest. */
  async next(sequence: string): Promise<number> {
    const value = ((await this.get<number>('meta', `sequence:${sequence}`)) ?? 0) + 1;
    this.put('meta', `sequence:${sequence}`, value);
    return value;
  }

  /** A message delivered after the commit, whichever replica delivers it. */
  enqueue(message: OutboxMessage): void {
    this.messages.push(message);
  }

  /**
   * A record appended to a log with the commit: cheaper than a document, since nothing reads it back on the
   * turn path. The unit keeps the record as given: hand it a value nothing changes afterwards.
   */
  append(record: LogRecord): void {
    if (this.done) throw new Error('This unit of work was already committed: start a new one.');
    this.records.push(record);
  }

  /** Runs once the commit is durable, with the ids of the enqueued messages (e.g. to deliver them at once). */
  afterCommit(hook: (outboxIds: string[]) => Promise<void> | void): void {
    this.committedHooks.push(hook);
  }

  /** The conversations this unit enqueued messages for, and (after commit) the messages' ids. */
  get enqueued(): { keys: string[]; ids: string[] } {
    return { keys: [...new Set(this.messages.map((message) => message.key))], ids: [...this.outboxIds] };
  }

  get isEmpty(): boolean {
    return this.writes.size === 0 && this.messages.length === 0 && this.records.length === 0;
  }

  /** Applies everything or nothing; throws ConcurrencyError when a document read here changed meanwhile. */
  async commit(): Promise<void> {
    if (this.done) throw new Error('This unit of work was already committed: start a new one.');
    this.done = true;
    const changes: Change[] = [...this.writes.values(), ...this.cachedChecks()];
    if (this.isEmpty && changes.length === 0) return this.rememberReads();
    let versions: number[];
    try {
      ({ versions, outbox: this.outboxIds } = await this.store.commit({ changes, outbox: this.messages, records: this.records }));
    } catch (error) {
      this.forgetCached(error);
      throw error;
    }
    this.rememberReads();
    this.rememberWrites(changes, versions);
  }

  /** Runs the after-commit hooks; apart from commit, so a hook's failure can never make the work run again. */
  async settle(): Promise<void> {
    for (const hook of this.committedHooks.splice(0)) await hook(this.outboxIds);
  }

  /** A check of each document read from the cache and not written (a write carries its version anyway). */
  private cachedChecks(): Change[] {
    const checks: Change[] = [];
    for (const [key, read] of this.reads) {
      if (read.cached && read.document && !this.writes.has(key)) checks.push({ kind: 'check', collection: read.collection, id: read.id, expected: read.document.version });
    }
    return checks;
  }

  /** The store's documents this unit read and left alone are worth keeping. */
  private rememberReads(): void {
    if (!this.cache) return;
    for (const [key, read] of this.reads) {
      if (read.cached || !read.document || read.json === undefined || this.writes.has(key)) continue;
      this.cache.remember(read.collection, read.id, { version: read.document.version, json: read.json, ...(read.document.tags ? { tags: read.document.tags } : {}) });
    }
  }

  /** What the commit wrote is what the store holds now. */
  private rememberWrites(changes: readonly Change[], versions: readonly number[]): void {
    const { cache } = this;
    if (!cache) return;
    changes.forEach((change, index) => {
      if (change.kind === 'check') return;
      const version = versions[index];
      if (change.kind === 'put' && change.json !== undefined && version !== undefined) {
        cache.remember(change.collection, change.id, { version, json: change.json, ...(change.tags ? { tags: change.tags } : {}) });
      } else cache.forget(change.collection, change.id);
    });
  }

  /** A failed commit leaves nothing of this unit's reads in the cache; a document another replica changed is contested. */
  private forgetCached(error: unknown): void {
    if (!this.cache) return;
    for (const read of this.reads.values()) if (read.cached) this.cache.forget(read.collection, read.id);
    if (error instanceof ConcurrencyError) this.cache.contest(error.collection, error.id);
  }

  private change(change: Change): void {
    if (this.done) throw new Error('This unit of work was already committed: start a new one.');
    this.writes.set(keyOf(change.collection, change.id), change);
  }

  private expected(collection: Collection, id: string): { expected?: Expected } {
    const key = keyOf(collection, id);
    const previous = this.writes.get(key);
    if (previous?.expected !== undefined) return { expected: previous.expected };
    const read = this.reads.get(key);
    if (!read) return {};
    return { expected: read.document?.version ?? 'absent' };
  }
}

/**
 * Runs `work` in a unit of work and commits it, starting again on a fresh unit when another writer changed a
 * document it read; after `attempts` conflicts the last ConcurrencyError is thrown.
 */
export async function transact<R>(store: DocumentStore, work: (unit: UnitOfWork) => Promise<R>, attempts = 20): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const unit = new UnitOfWork(store);
    const result = await work(unit);
    try {
      await unit.commit();
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      await backOff(attempt);
      continue;
    }
    await unit.settle();
    return result;
  }
}

/** A private copy of what a unit read, with its JSON beside it when known. */
function copyOf<T>(read: Read): StoredDocument<T> | undefined {
  if (!read.document) return undefined;
  const tags = read.document.tags ? { tags: { ...read.document.tags } } : {};
  if (read.json === undefined) return { ...read.document, ...tags, value: structuredClone(read.document.value) as T };
  return withJson({ ...read.document, ...tags, value: JSON.parse(read.json) as T }, read.json);
}

function keyOf(collection: Collection, id: string): Key {
  return `${collection}/${id}`;
}
