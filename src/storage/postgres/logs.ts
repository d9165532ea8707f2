import type { Pool } from 'pg';
import type { LogName, Logs } from '../ports';

/** The log_records table: commits append through bot_commit; reads and purges go by day. */
export class PostgresLogs implements Logs {
  constructor(private readonly pool: Pool) {}

  async read<T>(log: LogName, day: string): Promise<T[]> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM log_records WHERE log = $1 AND day = $2 ORDER BY id COLLATE "C"', [log, day]);
    return rows.map((row) => JSON.parse(row.value) as T);
  }

  async purge(log: LogName, before: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM log_records WHERE log = $1 AND day < $2', [log, before]);
    return rowCount ?? 0;
  }
}
