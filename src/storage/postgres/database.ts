import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { StorageUnavailableError } from '../ports';

/** The schema has migrations the database has not applied. */
export class SchemaBehindError extends Error {
  override readonly name = 'SchemaBehindError';
  constructor(readonly missing: string[]) {
    super(`The database schema is behind (missing ${missing.join(', ')}): run "npm run db:migrate" with the same DATABASE_URL, then start again.`);
  }
}

export interface DatabaseOptions {
  url: string;
  /** A schema to work in (tests give each suite its own); default: the connection's search_path. */
  schema?: string;
  /** Connections per process (default 10). */
  maxConnections?: number;
}

/** Connecting failed: names DATABASE_URL without its password. */
export function unreachable(url: string, error: unknown): StorageUnavailableError {
  return new StorageUnavailableError(`PostgreSQL at DATABASE_URL=${withoutPassword(url)} cannot be reached (${(error as Error).message}): start it, or fix DATABASE_URL.`, error);
}

export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(not a URL)';
  }
}

/** The pool every query goes through. Errors of idle connections (the server went away) are logged, never thrown. */
export function createPool(options: DatabaseOptions, onIdleError: (error: Error) => void): Pool {
  const config: PoolConfig = {
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A query that hangs (a server that stopped answering) fails the turn instead of holding it.
    query_timeout: 10_000,
    ...(options.schema ? { options: `-c search_path=${quoteIdentifier(options.schema)}` } : {}),
  };
  const pool = new Pool(config);
  pool.on('error', onIdleError);
  return pool;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Throws SchemaBehindError when a migration in `dir` has not been applied. */
export async function checkSchema(client: Pool | PoolClient, dir: string): Promise<void> {
  const expected = (await readdir(dir)).filter((name) => /\.(sql|js|cjs)$/.test(name)).map((name) => name.replace(/\.[^.]+$/, '')).sort();
  let applied: string[] = [];
  try {
    applied = (await client.query<{ name: string }>('SELECT name FROM pgmigrations')).rows.map((row) => row.name);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error; // 42P01: no migrations table yet
  }
  const missing = expected.filter((name) => !applied.includes(name));
  if (missing.length > 0) throw new SchemaBehindError(missing);
}

/**
 * Applies every pending migration in `dir` with node-pg-migrate's own command, exactly as
 * `npm run db:migrate` does; resolves with what it printed, rejects with it when it fails.
 */
export function migrate(options: DatabaseOptions, dir: string): Promise<string> {
  const cli = join(dirname(require.resolve('node-pg-migrate/package.json')), 'bin', 'node-pg-migrate.js');
  const args = [cli, 'up', '--migrations-dir', dir, '--migrations-table', 'pgmigrations', '--no-verbose'];
  if (options.schema) args.push('--schema', options.schema, '--create-schema');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, DATABASE_URL: options.url } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`Migrations failed: ${stderr || stdout || error.message}`));
      else resolve(stdout);
    });
  });
}
