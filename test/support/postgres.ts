import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { projectRoot } from '../../src/paths';
import { migrate, quoteIdentifier } from '../../src/storage/postgres/database';
import { openPostgresStore, type PostgresStore } from '../../src/storage/postgres/postgresStore';

/** The server the PostgreSQL suites use: DATABASE_URL, else the local default. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MIGRATIONS = join(projectRoot(), 'migrations');

let reachable: boolean | undefined;

/**
 * Whether the server answers, asked once per test file and synchronously (jest must know its tests before
 * anything is awaited). Under CI=true it must answer: the suites fail rather than skip.
 */
export function postgresReachable(): boolean {
  if (reachable !== undefined) return reachable;
  const probe = `const { Client } = require('pg'); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.query('SELECT 1')).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', probe, TEST_DATABASE_URL], { cwd: projectRoot(), encoding: 'utf8', timeout: 10_000 });
  reachable = result.status === 0;
  if (!reachable) {
    const why = (result.stderr || 'no answer').trim();
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required under CI=true but ${TEST_DATABASE_URL} does not answer (${why}): .ci/run starts it.`);
    process.stderr.write(`\n  PostgreSQL suites skipped: ${TEST_DATABASE_URL} does not answer (${why}). Set DATABASE_URL or start PostgreSQL to run them.\n\n`);
  }
  return reachable;
}

/** A schema of its own, migrated, for one test file; dropped by `drop`. */
export class TestSchema {
  private constructor(readonly name: string) {}

  static async create(): Promise<TestSchema> {
    const schema = new TestSchema(`test_${randomBytes(6).toString('hex')}`);
    await migrate({ url: TEST_DATABASE_URL, schema: schema.name }, MIGRATIONS);
    return schema;
  }

  /** The connection string that puts this schema first on the search path. */
  get url(): string {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${this.name}`);
    return url.toString();
  }

  open(): Promise<PostgresStore> {
    return openPostgresStore({ url: TEST_DATABASE_URL, schema: this.name }, MIGRATIONS, () => {});
  }

  async truncate(): Promise<void> {
    await this.sql(`TRUNCATE ${['documents', 'outbox', 'leases', 'log_records'].map((table) => `${quoteIdentifier(this.name)}.${table}`).join(', ')}`);
  }

  async drop(): Promise<void> {
    await this.sql(`DROP SCHEMA IF EXISTS ${quoteIdentifier(this.name)} CASCADE`);
  }

  async sql(text: string, values: unknown[] = []): Promise<unknown[]> {
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  }
}
