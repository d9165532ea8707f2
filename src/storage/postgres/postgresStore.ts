import type { Pool, PoolClient } from 'pg';
import {
  assertDistinct,
  type Change,
  type Collection,
  type Commit,
  type Committed,
  ConcurrencyError,
  type Expected,
  type PutOptions,
  putChange,
  StorageUnavailableError,
  type Store,
  type StoredDocument,
  type Tags,
  toStoredJson,
} from '../ports';
import { checkSchema, createPool, type DatabaseOptions, quoteIdentifier, unreachable } from './database';
import { decodeText, encodeTags, encodeText, decodeTags } from './encoding';
import { PostgresLeases } from './leases';
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

  constructor(
    private readonly pool: Pool,
    readonly options: DatabaseOptions,
    readonly notifications: PostgresNotifications,
  ) {
    this.outbox = new PostgresOutbox(pool, notifications, channelName('outbox', options));
    this.leases = new PostgresLeases(pool);
  }

  /** The pool, for other tables of this database (the Direct Line log). */
  get connections(): Pool {
    return this.pool;
  }

  async get<T>(collection: Collection, id: string): Promise<StoredDocument<T> | undefined> {
    const { rows } = await this.query<DocumentRow>('SELECT id, version, value, tags FROM documents WHERE collection = $1 AND id = $2', [collection, encodeText(id)]);
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

  async commit({ changes, outbox = [] }: Commit): Promise<Committed> {
    assertDistinct(changes);
    const json = changes.map((change) => (change.kind === 'put' ? toStoredJson(change.value) : ''));
    const payloads = outbox.map((message) => toStoredJson(message.payload));
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const versions: number[] = [];
      for (const [index, change] of changes.entries()) versions.push(await applyChange(client, change, json[index]!));
      const ids = await this.outbox.insert(client, outbox.map((message, index) => ({ key: message.key, payload: payloads[index]! })));
      await client.query('COMMIT');
      return { versions, outbox: ids };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw translate(error, changes);
    } finally {
      client.release();
    }
  }

  async put<T>(collection: Collection, id: string, value: T, options: PutOptions = {}): Promise<number> {
    const change = putChange(collection, id, value, options);
    try {
      return await applyChange(this.pool, change, toStoredJson(value));
    } catch (error) {
      throw translate(error, [change]);
    }
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

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw unreachable(this.options.url, error);
    }
  }

  private async query<R extends object>(text: string, values: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw translate(error, []);
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

type Queryable = Pick<Pool, 'query'>;

/** One change as one statement; a conditional one that matches no row is a ConcurrencyError with what was found. */
async function applyChange(db: Queryable, change: Change, json: string): Promise<number> {
  const key = [change.collection, encodeText(change.id)];
  if (change.kind === 'check') {
    const { rows } = await db.query<{ version: number }>('SELECT version FROM documents WHERE collection = $1 AND id = $2 FOR SHARE', key);
    const actual = rows[0]?.version ?? 'absent';
    if (actual !== change.expected) throw new ConcurrencyError(change.collection, change.id, change.expected, actual);
    return 0;
  }
  if (change.kind === 'delete') {
    if (change.expected === undefined) {
      await db.query('DELETE FROM documents WHERE collection = $1 AND id = $2', key);
      return 0;
    }
    if (change.expected === 'absent') return (await conflictUnlessAbsent(db, change)) ?? 0;
    const { rowCount } = await db.query('DELETE FROM documents WHERE collection = $1 AND id = $2 AND version = $3', [...key, change.expected]);
    if (rowCount === 0) throw await conflict(db, change, change.expected);
    return 0;
  }
  const tags = change.tags && Object.keys(change.tags).length > 0 ? JSON.stringify(encodeTags(change.tags)) : null;
  const row = [...key, json, tags];
  if (change.expected === undefined) {
    const { rows } = await db.query<{ version: number }>(
      `INSERT INTO documents (collection, id, version, value, tags) VALUES ($1, $2, 1, $3, $4::jsonb)
       ON CONFLICT (collection, id) DO UPDATE SET version = documents.version + 1, value = EXCLUDED.value, tags = EXCLUDED.tags, updated_at = now()
       RETURNING version`,
      row,
    );
    return rows[0]!.version;
  }
  if (change.expected === 'absent') {
    const { rows } = await db.query<{ version: number }>(
      'INSERT INTO documents (collection, id, version, value, tags) VALUES ($1, $2, 1, $3, $4::jsonb) ON CONFLICT (collection, id) DO NOTHING RETURNING version',
      row,
    );
    if (!rows[0]) throw await conflict(db, change, 'absent');
    return 1;
  }
  const { rows } = await db.query<{ version: number }>(
    'UPDATE documents SET version = version + 1, value = $3, tags = $4::jsonb, updated_at = now() WHERE collection = $1 AND id = $2 AND version = $5 RETURNING version',
    [...row, change.expected],
  );
  if (!rows[0]) throw await conflict(db, change, change.expected);
  return rows[0].version;
}

async function conflictUnlessAbsent(db: Queryable, change: Change): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM documents WHERE collection = $1 AND id = $2', [change.collection, encodeText(change.id)]);
  if (rows[0]) throw new ConcurrencyError(change.collection, change.id, 'absent', rows[0].version);
  return undefined;
}

async function conflict(db: Queryable, change: Change, expected: Expected): Promise<ConcurrencyError> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM documents WHERE collection = $1 AND id = $2', [change.collection, encodeText(change.id)]);
  return new ConcurrencyError(change.collection, change.id, expected, rows[0]?.version ?? 'absent');
}

/** A database error as the port's: a lost race, the one-active-case rule, or an unreachable server. */
function translate(error: unknown, changes: readonly Change[]): Error {
  if (error instanceof ConcurrencyError || error instanceof StorageUnavailableError || error instanceof TypeError) return error;
  const code = (error as { code?: string }).code;
  if (code === '23505' || code === '40001' || code === '40P01') {
    // A unique index (one active case per agent) or a serialisation failure: the same as a lost race.
    const change = changes.find((candidate) => candidate.collection === 'cases') ?? changes[0];
    return new ConcurrencyError(change?.collection ?? 'meta', change?.id ?? '', change?.expected ?? 'absent', 'absent');
  }
  return new StorageUnavailableError(`PostgreSQL could not complete the request (${(error as Error).message}).`, error);
}

function toStored<T>(row: DocumentRow): StoredDocument<T> {
  return { id: decodeText(row.id), version: row.version, value: JSON.parse(row.value) as T, ...(row.tags ? { tags: decodeTags(row.tags) } : {}) };
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
