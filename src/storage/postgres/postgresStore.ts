import type { Pool } from 'pg';
import {
  type Change,
  type Collection,
  type Commit,
  type Committed,
  ConcurrencyError,
  type Expected,
  type LogRecord,
  type PutOptions,
  putChange,
  serialiseCommit,
  StorageUnavailableError,
  type Store,
  type StoredDocument,
  type Tags,
  toStoredJson,
  withJson,
} from '../ports';
import { checkSchema, createPool, type DatabaseOptions, quoteIdentifier, unreachable } from './database';
import { decodeText, encodeTags, encodeText, decodeTags } from './encoding';
import { GroupCommit } from './groupCommit';
import { PostgresLeases } from './leases';
import { PostgresLogs } from './logs';
import { PostgresNotifications } from './notifications';
import { PostgresOutbox } from './outbox';

interface DocumentRow {
  id: string;
  version: number;
  value: string;
  tags: Record<string, string> | null;
}

/**
 * The store for several replicas: every document in one table, written in transactions whose conditional
 * updates make PostgreSQL the judge of every race (and a unique index the judge of one active case per agent).
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly outbox: PostgresOutbox;
  readonly leases: PostgresLeases;
  readonly logs: PostgresLogs;
  private readonly updates: GroupCommit<OnePut, number | undefined | Error>;

  constructor(
    private readonly pool: Pool,
    readonly options: DatabaseOptions,
    readonly notifications: PostgresNotifications,
  ) {
    this.outbox = new PostgresOutbox(pool, notifications, channelName('outbox', options));
    this.leases = new PostgresLeases(pool);
    this.logs = new PostgresLogs(pool);
    this.updates = new GroupCommit((puts) => this.writeMany(puts), (put) => `${put.collection}/${put.id}`);
  }

  /** The pool, for other tables of this database (the Direct Line log). */
  get connections(): Pool {
    return this.pool;
  }

  async get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    const { rows } = await this.query<DocumentRow>({ name: 'bot-get', text: 'SELECT id, version, value, tags FROM documents WHERE collection = $1 AND id = $2' }, [collection, encodeText(id)]);
    return rows[0] && toStored<T>(rows[0]);
  }

  async find<T>(collection: Collection, where: Tags, limit?: number): Promise<StoredDocument<T>[]> {
    const { rows } = await this.query<DocumentRow>(
      `SELECT id, version, value, tags FROM documents WHERE collection = $1 AND tags @> $2::jsonb ORDER BY id COLLATE "C"${limit === undefined ? '' : ' LIMIT $3'}`,
      limit === undefined ? [collection, JSON.stringify(encodeTags(where))] : [collection, JSON.stringify(encodeTags(where)), limit],
    );
    return sortById(rows.map((row) => toStored<T>(row)));
  }

  async list<T>(collection: Collection): Promise<StoredDocument<T>[]> {
    const { rows } = await this.query<DocumentRow>('SELECT id, version, value, tags FROM documents WHERE collection = $1', [collection]);
    return sortById(rows.map((row) => toStored<T>(row)));
  }

  /**
   * One statement, so one round trip: `bot_commit` (a migration) applies every change on its expected version,
   * appends the records and enqueues the messages, or raises and leaves everything as it was.
   */
  async commit({ changes, outbox = [], records = [] }: Commit): Promise<Committed> {
    const { json: values, recordJson } = serialiseCommit(changes, records);
    const [only] = changes;
    if (changes.length === 1 && only?.kind === 'put' && only.expected !== undefined && outbox.length === 0) {
      return { versions: [await this.putOne(only, only.expected, values[0]!, records, recordJson)], outbox: [] };
    }
    const logged = records.flatMap((record, index) => [record.log, record.day, encodeText(record.id), recordJson[index]!]);
    const { rows } = await this.query<{ versions: number[]; outbox: string[] | null }>(
      { name: 'bot-commit', text: 'SELECT versions, outbox FROM bot_commit($1::jsonb, $2::text[], $3::text[], $4::text[], $5::text[], $6)' },
      [JSON.stringify(changes.map(changeRow)), values, logged, outbox.map((message) => message.key), outbox.map((message) => toStoredJson(message.payload)), this.outbox.channel],
      changes,
    );
    return { versions: rows[0]!.versions, outbox: (rows[0]!.outbox ?? []).map(String) };
  }

  /**
   * The commit of most turns (the conversation's state on the version read, and the turn's event) as one
   * plain statement: the update or insert, and the records only when it wrote. Half of `bot_commit`'s work
   * for the server and the bot, the same all-or-nothing; a write that found another version is a conflict.
   * Untagged updates (conversation state) go through `updates`, so turns committing at once share a statement.
   */
  private async putOne(change: Change & { kind: 'put' }, expected: Expected, json: string, records: readonly LogRecord[], recordJson: readonly string[]): Promise<number> {
    const put: OnePut = { change, collection: change.collection, id: encodeText(change.id), json, tags: encodedTags(change), expected, records, recordJson };
    const written = typeof expected === 'number' && put.tags === null ? await this.updates.submit(put) : await this.writeOne(put).catch((error: unknown) => translate(error, [change]));
    if (written instanceof Error) throw written;
    if (written !== undefined) return written;
    const found = await this.query<{ version: number }>({ name: 'bot-version', text: 'SELECT version FROM documents WHERE collection = $1 AND id = $2' }, [change.collection, put.id]);
    throw new ConcurrencyError(change.collection, change.id, expected, found.rows[0]?.version ?? 'absent');
  }

  /** One put and its records in one statement: the new version, or undefined when another version is there. */
  private async writeOne(put: OnePut): Promise<number | undefined> {
    const { collection, id, json, tags, expected, records, recordJson } = put;
    const logged = [records.map((record) => record.log), records.map((record) => record.day), records.map((record) => encodeText(record.id)), recordJson];
    const [statement, version] = expected === 'absent' ? [INSERT_ONE, []] : [UPDATE_ONE, [expected]];
    const { rows } = await this.pool.query<{ version: number }>({ ...statement, values: [collection, id, json, tags, ...logged, ...version] });
    return rows[0]?.version;
  }

  /**
   * Several untagged updates, each on its own expected version, and the records of those that wrote, in one
   * statement. A statement the server refused wrote nothing, so then each is tried alone: one bad write must
   * not fail the turns it happened to share a statement with.
   */
  private async writeMany(puts: readonly OnePut[]): Promise<(number | undefined | Error)[]> {
    const settled = (put: OnePut) => this.writeOne(put).catch((error: unknown) => translate(error, [put.change]));
    const records = puts.flatMap((put, n) => put.records.map((record, i) => ({ n: n + 1, record, json: put.recordJson[i]! })));
    const json = [...puts.map((put) => put.json), ...records.map((record) => record.json)];
    if (puts.length === 1 || json.some((text) => text.includes(JSON_SEPARATOR))) return Promise.all(puts.map(settled));
    try {
      const { rows } = await this.pool.query<{ n: string; version: number }>({
        ...UPDATE_MANY,
        values: [
          puts.map((put) => put.collection),
          puts.map((put) => put.id),
          puts.map((put) => put.json).join(JSON_SEPARATOR),
          puts.map((put) => put.expected),
          records.map(({ n }) => n),
          records.map(({ record }) => record.log),
          records.map(({ record }) => record.day),
          records.map(({ record }) => encodeText(record.id)),
          records.map(({ json }) => json).join(JSON_SEPARATOR),
        ],
      });
      const versions = new Map(rows.map((row) => [Number(row.n), row.version]));
      return puts.map((_, n) => versions.get(n + 1));
    } catch (error) {
      if ((error as { code?: string }).code === undefined) return puts.map((put) => translate(error, [put.change]));
      return Promise.all(puts.map(settled));
    }
  }

  async put<T>(collection: Collection, id: string, value: T, options: PutOptions = {}): Promise<number> {
    const { versions } = await this.commit({ changes: [putChange(collection, id, value, options)] });
    return versions[0]!;
  }

  async delete(collection: Collection, id: string): Promise<void> {
    await this.query('DELETE FROM documents WHERE collection = $1 AND id = $2', [collection, encodeText(id)]);
  }

  async health(): Promise<void> {
    await this.query('SELECT 1', []);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    await this.notifications.close();
    await this.pool.end();
  }

  /** A statement given a name is prepared once per connection: the hot ones (get, commit) skip parsing and planning. */
  private async query<R extends object>(statement: string | { name: string; text: string }, values: unknown[], changes: readonly Change[] = []): Promise<{ rows: R[] }> {
    try {
      return typeof statement === 'string' ? await this.pool.query<R>(statement, values) : await this.pool.query<R>({ ...statement, values });
    } catch (error) {
      throw translate(error, changes);
    }
  }
}

/**
 * Connects, checks that the schema is migrated (`migrationsDir`), and starts listening for other replicas'
 * outbox entries. A database that cannot be reached is a StorageUnavailableError naming DATABASE_URL.
 */
export async function openPostgresStore(options: DatabaseOptions, migrationsDir: string, onIdleError: (error: Error) => void): Promise<PostgresStore> {
  const pool = createPool(options, onIdleError);
  try {
    const client = await pool.connect().catch((error: unknown) => {
      throw unreachable(options.url, error);
    });
    try {
      await checkSchema(client, migrationsDir);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const notifications = new PostgresNotifications(options.url, onIdleError);
  const store = new PostgresStore(pool, options, notifications);
  await notifications.start();
  return store;
}

/** The records of a one-put commit, appended only when the put wrote ($5-$8: logs, days, ids, values). */
const APPEND_IF_WRITTEN = `INSERT INTO log_records (log, day, id, value)
  SELECT t.log, t.day, t.id, t.value FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) AS t(log, day, id, value)
  WHERE EXISTS (SELECT 1 FROM written) ON CONFLICT (log, day, id) DO NOTHING`;

/** A put on the version read ($9), with its records: no row back when another version is there. */
const UPDATE_ONE = {
  name: 'bot-update-one',
  text: `WITH written AS (
  UPDATE documents d SET version = d.version + 1, value = $3, tags = $4::jsonb, updated_at = now()
  WHERE d.collection = $1 AND d.id = $2 AND d.version = $9 RETURNING d.version
), appended AS (${APPEND_IF_WRITTEN})
SELECT version FROM written`,
};

/** A put of a document that must not exist yet, with its records: no row back when it does. */
const INSERT_ONE = {
  name: 'bot-insert-one',
  text: `WITH written AS (
  INSERT INTO documents (collection, id, version, value, tags) VALUES ($1, $2, 1, $3, $4::jsonb)
  ON CONFLICT (collection, id) DO NOTHING RETURNING version
), appended AS (${APPEND_IF_WRITTEN})
SELECT version FROM written`,
};

/**
 * Untagged updates on their expected versions ($1-$4: collections, ids, values, versions) and the records of
 * those that wrote ($5-$9: each record's update by position, logs, days, ids, values). Each row back is an
 * update that wrote, by position, with its new version. Only untagged ones: a tag is what the unique index
 * of one active case per agent reads, and its violation would fail every update in the statement. The JSON
 * texts ($3, $9) travel joined by `JSON_SEPARATOR` rather than as arrays, which would escape every quote.
 */
const UPDATE_MANY = {
  name: 'bot-update-many',
  text: `WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], string_to_array($3, chr(1)), $4::integer[]) WITH ORDINALITY AS t(collection, id, value, expected, n)
), written AS (
  UPDATE documents d SET version = d.version + 1, value = i.value, tags = NULL, updated_at = now()
  FROM input i WHERE d.collection = i.collection AND d.id = i.id AND d.version = i.expected
  RETURNING d.collection, d.id, d.version
), appended AS (
  INSERT INTO log_records (log, day, id, value)
  SELECT r.log, r.day, r.id, r.value FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], string_to_array($9, chr(1))) AS r(n, log, day, id, value)
  JOIN input i ON i.n = r.n JOIN written w ON w.collection = i.collection AND w.id = i.id
  ON CONFLICT (log, day, id) DO NOTHING
)
SELECT i.n, w.version FROM input i JOIN written w ON w.collection = i.collection AND w.id = i.id`,
};

/** What separates the JSON texts of `UPDATE_MANY`: a control character, which JSON text never holds unescaped. */
const JSON_SEPARATOR = '\u0001';

/** One put of a one-put commit, id encoded, with its records. */
interface OnePut {
  change: Change & { kind: 'put' };
  collection: Collection;
  id: string;
  json: string;
  /** Encoded tags as JSON, or null for none. */
  tags: string | null;
  expected: Expected;
  records: readonly LogRecord[];
  recordJson: readonly string[];
}

function encodedTags(change: Change & { kind: 'put' }): string | null {
  return change.tags && Object.keys(change.tags).length > 0 ? JSON.stringify(encodeTags(change.tags)) : null;
}

/** A change as `bot_commit` reads it, ids and tags encoded; its value travels apart. */
function changeRow(change: Change): Record<string, unknown> {
  const row: Record<string, unknown> = { kind: change.kind, collection: change.collection, id: encodeText(change.id) };
  if (change.expected !== undefined) row.expected = String(change.expected);
  if (change.kind === 'put' && change.tags && Object.keys(change.tags).length > 0) row.tags = encodeTags(change.tags);
  return row;
}

/** A database error as the port's: a lost race, the one-active-case rule, or an unreachable server. */
function translate(error: unknown, changes: readonly Change[]): Error {
  if (error instanceof ConcurrencyError || error instanceof StorageUnavailableError || error instanceof TypeError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'BC409') return conflictOf((error as { detail?: string }).detail);
  if (code === '23505' || code === '40001' || code === '40P01') {
    // A unique index (one active case per agent) or a serialisation failure: the same as a lost race.
    const change = changes.find((candidate) => candidate.collection === 'cases') ?? changes[0];
    return new ConcurrencyError(change?.collection ?? 'meta', change?.id ?? '', change?.expected ?? 'absent', 'absent');
  }
  return new StorageUnavailableError(`PostgreSQL could not complete the request (${(error as Error).message}).`, error);
}

/** bot_commit's conflict, as the port's error. */
function conflictOf(detail: string | undefined): ConcurrencyError {
  const found = JSON.parse(detail ?? '{}') as { collection?: Collection; id?: string; expected?: string; actual?: string };
  const version = (text: string | undefined): Expected => (text === undefined || text === 'absent' ? 'absent' : Number(text));
  return new ConcurrencyError(found.collection ?? 'meta', decodeText(found.id ?? ''), version(found.expected), version(found.actual));
}

function toStored<T>(row: DocumentRow): StoredDocument<T> {
  return withJson({ id: decodeText(row.id), version: row.version, value: JSON.parse(row.value) as T, ...(row.tags ? { tags: decodeTags(row.tags) } : {}) }, row.value);
}

/** In JavaScript's (UTF-16) order, as every adapter lists. */
function sortById<T>(documents: StoredDocument<T>[]): StoredDocument<T>[] {
  return documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export { quoteIdentifier };

/** NOTIFY channels are database-wide: a schema of its own (tests) gets channels of its own. */
export function channelName(purpose: string, options: DatabaseOptions): string {
  const schema = options.schema ?? new URL(options.url).searchParams.get('options')?.match(/search_path=(\w+)/)?.[1] ?? 'public';
  return `bot_${purpose}_${schema}`;
}
