/**
 * Storage ports. Every adapter (lowdb/ for the embedded default, memory/ for tests, a PostgreSQL one later)
 * implements DocumentStore and passes the shared contract suite in test/unit/storage.
 */

/** Named groups of documents. Each is independent: a write touches one document of one collection. */
export type Collection =
  | 'state' // botbuilder conversation and user state
  | 'accounts' // one document per customer tenant
  | 'directory' // support agents and support hours
  | 'feedback' // "Did this help?" answers, for content authors
  | 'unanswered' // questions search could not answer, for content authors
  | 'audit' // account actions: who, what, when, before, after
  | 'cases' // escalation cases
  | 'references' // conversation references for proactive messages
  | 'meta'; // counters and markers (e.g. the next case number, notices sent)

export interface StoredDocument<T> {
  id: string;
  value: T;
  /** Increases by one on every write; used for optimistic concurrency. */
  version: number;
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

export interface PutOptions {
  /** Write only if the stored version is this one ('absent': only if there is none yet). */
  expectedVersion?: number | 'absent';
}

export interface DocumentStore {
  get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined>;
  /** Writes atomically and returns the new version; throws ConcurrencyError when expectedVersion does not match. */
  put<T>(collection: Collection, id: string, value: T, options?: PutOptions): Promise<number>;
  delete(collection: Collection, id: string): Promise<void>;
  /** Every document of a collection, in id order. Meant for small collections and reports, not the per-turn path. */
  list<T>(collection: Collection): Promise<StoredDocument<T>[]>;
  /** Waits for pending writes to reach the disk. */
  flush(): Promise<void>;
  /** Flushes and lets go of open files; the store is not used afterwards. */
  close(): Promise<void>;
}

/**
 * Reads a document, applies `change` and writes it back, retrying when another writer got there first
 * (n concurrent writers need at most n attempts).
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
      await store.put(collection, id, next, { expectedVersion: current?.version ?? 'absent' });
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      // Each failure means another writer succeeded; a short random pause spreads out the next round.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
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
