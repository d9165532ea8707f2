import { LocalLeases, LocalOutbox } from '../local/localOutbox';
import {
  type Collection,
  type Commit,
  type Committed,
  ConcurrencyError,
  type LogName,
  type LogRecord,
  type Logs,
  type PutOptions,
  putChange,
  serialiseCommit,
  type Store,
  type StoredDocument,
  type Tags,
  tagsMatch,
  withJson,
} from '../ports';

interface Entry {
  version: number;
  /** Kept serialised: callers can never reach stored state, and values behave as in the file store. */
  json: string;
  tags?: Tags;
}

/** An in-process store for tests and throwaway runs; everything is lost when the process ends. */
export class MemoryDocumentStore implements Store {
  readonly kind = 'memory';
  readonly outbox: LocalOutbox = new LocalOutbox(this);
  readonly leases = new LocalLeases(this);
  readonly logs = new MemoryLogs();
  private readonly collections = new Map<Collection, Map<string, Entry>>();

  async get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    const entry = this.documents(collection).get(id);
    return entry && toStored<T>(id, entry);
  }

  async find<T>(collection: Collection, where: Tags, limit = Number.POSITIVE_INFINITY): Promise<StoredDocument<T>[]> {
    return this.sorted(collection)
      .filter(([, entry]) => entry.tags !== undefined && tagsMatch(entry.tags, where))
      .slice(0, limit)
      .map(([id, entry]) => toStored<T>(id, entry));
  }

  async list<T>(collection: Collection): Promise<StoredDocument<T>[]> {
    return this.sorted(collection).map(([id, entry]) => toStored<T>(id, entry));
  }

  /** Checked and applied with no await in between: atomic within the process. */
  async commit({ changes, outbox = [], records = [] }: Commit): Promise<Committed> {
    const queued = this.outbox.changesFor(outbox);
    const all = [...changes, ...queued.changes];
    const { json: serialised, recordJson } = serialiseCommit(all, records);
    for (const change of all) {
      const actual = this.documents(change.collection).get(change.id)?.version ?? 'absent';
      if (change.expected !== undefined && change.expected !== actual) throw new ConcurrencyError(change.collection, change.id, change.expected, actual);
    }
    const versions = all.map((change, index) => {
      const documents = this.documents(change.collection);
      if (change.kind === 'check') return 0;
      if (change.kind === 'delete') {
        documents.delete(change.id);
        return 0;
      }
      const version = (documents.get(change.id)?.version ?? 0) + 1;
      documents.set(change.id, { version, json: serialised[index]!, ...(change.tags && Object.keys(change.tags).length > 0 ? { tags: { ...change.tags } } : {}) });
      return version;
    });
    records.forEach((record, index) => this.logs.append(record, recordJson[index]!));
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

  async health(): Promise<void> {}

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  private sorted(collection: Collection): [string, Entry][] {
    return [...this.documents(collection)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

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
  return withJson({ id, version: entry.version, value: JSON.parse(entry.json) as T, ...(entry.tags ? { tags: { ...entry.tags } } : {}) }, entry.json);
}

/** Each log as days of records, kept serialised like the documents. */
class MemoryLogs implements Logs {
  private readonly days = new Map<string, Map<string, string>>();

  append(record: LogRecord, json: string): void {
    const key = `${record.log}/${record.day}`;
    let day = this.days.get(key);
    if (!day) this.days.set(key, (day = new Map()));
    if (!day.has(record.id)) day.set(record.id, json);
  }

  async read<T>(log: LogName, day: string): Promise<T[]> {
    const records = [...(this.days.get(`${log}/${day}`) ?? [])];
    return records.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, json]) => JSON.parse(json) as T);
  }

  async purge(log: LogName, before: string): Promise<number> {
    let removed = 0;
    for (const [key, records] of this.days) {
      const [name, day] = key.split('/') as [string, string];
      if (name !== log || day >= before) continue;
      removed += records.size;
      this.days.delete(key);
    }
    return removed;
  }
}
