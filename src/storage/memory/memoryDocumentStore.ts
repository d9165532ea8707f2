import {
  type Collection,
  ConcurrencyError,
  type DocumentStore,
  type PutOptions,
  type StoredDocument,
  toStoredJson,
} from '../ports';

interface Entry {
  version: number;
  /** Kept serialised: callers can never reach stored state, and values behave as in the file store. */
  json: string;
}

/** An in-process store for tests and throwaway runs; everything is lost when the process ends. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly collections = new Map<Collection, Map<string, Entry>>();

  async get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    const entry = this.documents(collection).get(id);
    return entry && toStored<T>(id, entry);
  }

  async put<T>(collection: Collection, id: string, value: T, options: PutOptions = {}): Promise<number> {
    const json = toStoredJson(value);
    const documents = this.documents(collection);
    const actual = documents.get(id)?.version ?? 'absent';
    const expected = options.expectedVersion;
    if (expected !== undefined && expected !== actual) throw new ConcurrencyError(collection, id, expected, actual);
    const version = actual === 'absent' ? 1 : actual + 1;
    documents.set(id, { version, json });
    return version;
  }

  async delete(collection: Collection, id: string): Promise<void> {
    this.documents(collection).delete(id);
  }

  async list<T>(collection: Collection): Promise<StoredDocument<T>[]> {
    return [...this.documents(collection)]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, entry]) => toStored<T>(id, entry));
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  private documents(collection: Collection): Map<string, Entry> {
    let documents = this.collections.get(collection);
    if (!documents) {
      documents = new Map();
      this.collections.set(collection, documents);
    }
    return documents;
  }
}

function toStored<T>(id: string, entry: Entry): StoredDocument<T> {
  return { id, version: entry.version, value: JSON.parse(entry.json) as T };
}
