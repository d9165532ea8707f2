/**
 * Storage ports. Every adapter (memory/ for tests, lowdb/ for the embedded default, postgres/ for replicas)
 * implements Store and passes the shared contract suite in test/unit/storage.
 */

/** Named groups of documents. */
export type Collection =
  | 'state' // botbuilder conversation and user state
  | 'accounts' // one document per customer tenant
  | 'directory' // support agents and support hours
  | 'feedback' // "Did this help?" answers, for content authors
  | 'unanswered' // questions search could not answer, for content authors
  | 'audit' // account actions: who, what, when, before, after; and refusals
  | 'cases' // escalation cases
  | 'desks' // one document per support agent: available or away, their chat, the case they hold
  | 'references' // conversation references for proactive messages
  | 'outbox' // messages waiting to be delivered (embedded adapters; PostgreSQL has its own table)
  | 'meta' // counters and markers (sequences, leases, notices sent)
  | 'inbox'; // content authors' marks on unanswered questions: covered by an article, or out of scope

/**
 * A few short strings stored beside a document's value that `find` can filter on (a case's status, the
 * agent holding it). Only documents that need to be found carry tags.
 */
export type Tags = Readonly<Record<string, string>>;

export interface StoredDocument<T> {
  id: string;
  value: T;
  /** Increases by one on every write; used for optimistic concurrency. */
  version: number;
  tags?: Tags;
}

/**
 * The JSON text a document was read from, when its adapter had it at hand (every adapter stores JSON): a
 * caller can compare or parse it rather than serialise or copy the value again. Kept beside the document,
 * not in it, so documents compare and print as their fields.
 */
const documentJson = new WeakMap<object, string>();

export function withJson<D extends StoredDocument<unknown>>(document: D, json: string): D {
  documentJson.set(document, json);
  return document;
}

export function jsonOf(document: StoredDocument<unknown>): string | undefined {
  return documentJson.get(document);
}

/** Thrown when a conditional write finds another version than the one it expected. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly collection: Collection,
    readonly id: string,
    readonly expected: number | 'absent',
    readonly actual: number | 'absent',
  ) {
    super(`${collection}/${id} changed (expected version ${expected}, found ${actual}): read it again and retry.`);
  }
}

/** The store cannot be reached or cannot take writes (disk full, database gone); nothing of the commit was applied. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export type Expected = number | 'absent';

/**
 * One change of a commit. A `check` writes nothing but fails the commit when the document moved on. A put
 * may carry its value already serialised (`json`, what `toStoredJson` would make of it), which is stored as is.
 */
export type Change =
  | { kind: 'put'; collection: Collection; id: string; value: unknown; expected?: Expected; tags?: Tags; json?: string }
  | { kind: 'delete'; collection: Collection; id: string; expected?: Expected }
  | { kind: 'check'; collection: Collection; id: string; expected: Expected };

/** A message for a conversation, delivered after the commit that enqueued it, in order per `key`. */
export interface OutboxMessage {
  /** Messages with the same key (a conversation) are delivered one at a time, in the order they were committed. */
  key: string;
  payload: unknown;
}

export interface OutboxEntry extends OutboxMessage {
  id: string;
  /** Delivery attempts that failed so far. */
  attempts: number;
}

/** Append-only logs: records that are written once, never changed, and read back a day at a time. */
export type LogName = 'events'; // one small analytics event per turn (route, ids, never text)

/** A record appended to a log by a commit. `id` is unique within the log and sorts records in time order. */
export interface LogRecord {
  log: LogName;
  /** UTC day (YYYY-MM-DD) the record belongs to: logs are read and purged by day. */
  day: string;
  id: string;
  value: unknown;
}

export interface Commit {
  changes: readonly Change[];
  outbox?: readonly OutboxMessage[];
  /** Appended with the changes, or not at all; appending an id the log holds already changes nothing. */
  records?: readonly LogRecord[];
}

/** What a commit wrote: each change's new version (0 for deletes and checks) and the ids of its outbox entries. */
export interface Committed {
  versions: number[];
  outbox: string[];
}

export interface PutOptions {
  /** Write only if the stored version is this one ('absent': only if there is none yet). */
  expectedVersion?: Expected;
  tags?: Tags;
}

export interface DocumentStore {
  get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined>;
  /** Documents whose tags include every pair of `where`, in id order. */
  find<T>(collection: Collection, where: Tags, limit?: number): Promise<StoredDocument<T>[]>;
  /** Every document of a collection, in id order. For small collections and reports, not the per-turn path. */
  list<T>(collection: Collection): Promise<StoredDocument<T>[]>;
  /**
   * Applies every change and enqueues every message, or nothing: a change whose expected version does not
   * match fails the whole commit with ConcurrencyError; a store that cannot write fails it with
   * StorageUnavailableError. Acknowledged commits survive a crash.
   */
  commit(commit: Commit): Promise<Committed>;
  /** One conditional write; returns the new version. */
  put<T>(collection: Collection, id: string, value: T, options?: PutOptions): Promise<number>;
  delete(collection: Collection, id: string): Promise<void>;
}

/** Messages that must reach a conversation whichever replica committed them. */
export interface Outbox {
  /**
   * Claims up to `limit` deliverable entries for `holder` for `leaseMs`: only the oldest undelivered entry of
   * each key, so a key's messages go out in order; entries claimed by another live holder are skipped.
   * With `keys`, only those keys' entries.
   */
  claim(holder: string, limit: number, leaseMs: number, keys?: readonly string[]): Promise<OutboxEntry[]>;
  /** Delivered (or given up on): the entry is removed. */
  complete(id: string): Promise<void>;
  /** Delivery failed: released, counted, and claimable again after `delayMs`. */
  retry(id: string, delayMs: number): Promise<void>;
  /** Which of these entries are still waiting. */
  pending(ids: readonly string[]): Promise<string[]>;
  /** Calls `listener` when another replica may have enqueued messages; returns the unsubscribe. */
  onEnqueued(listener: () => void): () => void;
}

/** Reading the append-only logs that commits write. */
export interface Logs {
  /** The records of one day, in id order. */
  read<T>(log: LogName, day: string): Promise<T[]>;
  /** Removes every record of the days before `day`; returns how many went. */
  purge(log: LogName, before: string): Promise<number>;
}

/** Time-limited leases: a periodic job runs on one replica per interval. */
export interface Leases {
  /** True when `holder` now holds `name` until `ttlMs` from now (it was free, expired, or already theirs). */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
}

/** Everything an adapter provides. */
export interface Store extends DocumentStore {
  readonly kind: 'memory' | 'lowdb' | 'postgres';
  readonly outbox: Outbox;
  readonly leases: Leases;
  readonly logs: Logs;
  /** Resolves when the store can serve and take writes; throws StorageUnavailableError otherwise. */
  health(): Promise<void>;
  /** Waits for pending writes to reach the disk or database. */
  flush(): Promise<void>;
  /** Flushes and lets go of files and connections; the store is not used afterwards. */
  close(): Promise<void>;
}

/**
 * Reads a document, applies `change` and writes it back, retrying when another writer got there first.
 * `change` returns undefined to leave the document as it is.
 */
export async function update<T>(
  store: DocumentStore,
  collection: Collection,
  id: string,
  change: (current: T | undefined) => T | undefined,
  attempts = 50,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get<T>(collection, id);
    const next = change(current?.value);
    if (next === undefined) return current?.value;
    try {
      await store.put(collection, id, next, { expectedVersion: current?.version ?? 'absent', ...(current?.tags ? { tags: current.tags } : {}) });
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      await backOff(attempt);
    }
  }
}

/** A short random pause that grows with the attempt: spreads out the next round of a contended write. */
export function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
}

/**
 * Serialises a value for storage. Every adapter stores JSON, so values round-trip alike everywhere
 * (a Date comes back as a string, undefined properties vanish); anything JSON cannot hold is refused here.
 */
export function toStoredJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`Only JSON values can be stored, not ${typeof value}: store an object, array, string, number or null.`);
  }
  return json;
}

/** The change a single `put` makes, for adapters that implement it as a one-change commit. */
export function putChange(collection: Collection, id: string, value: unknown, options: PutOptions = {}): Change {
  return {
    kind: 'put',
    collection,
    id,
    value,
    ...(options.expectedVersion === undefined ? {} : { expected: options.expectedVersion }),
    ...(options.tags ? { tags: options.tags } : {}),
  };
}

/** True when `tags` hold every pair of `where`. */
export function tagsMatch(tags: Tags | undefined, where: Tags): boolean {
  for (const [key, value] of Object.entries(where)) if (tags?.[key] !== value) return false;
  return true;
}

/**
 * What every adapter does first with a commit: refuses a document named twice (a commit says what each
 * document becomes, once) and a record without a log day, then serialises each value once: a put's JSON
 * ('' for deletes and checks) and each record's.
 */
export function serialiseCommit(changes: readonly Change[], records: readonly LogRecord[] = []): { json: string[]; recordJson: string[] } {
  const seen = new Set<string>();
  for (const change of changes) {
    const key = `${change.collection}/${change.id}`;
    if (seen.has(key)) throw new TypeError(`${key} appears twice in one commit: merge the changes into one.`);
    seen.add(key);
  }
  for (const record of records) {
    if (!isLogDay(record.log, record.day)) throw new TypeError(`A log record needs a log name and a day (YYYY-MM-DD), not ${record.log}/${record.day}.`);
  }
  return {
    json: changes.map((change) => (change.kind === 'put' ? (change.json ?? toStoredJson(change.value)) : '')),
    recordJson: records.map((record) => toStoredJson(record.value)),
  };
}

/** Records are filed by log and UTC day: a lower-case log name and a YYYY-MM-DD date. */
export function isLogDay(log: string, day: string): boolean {
  return /^[a-z]+$/.test(log) && /^\d{4}-\d{2}-\d{2}$/.test(day);
}
