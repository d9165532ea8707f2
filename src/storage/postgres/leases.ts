import type { Pool } from 'pg';
import type { Leases } from '../ports';

/** Leases in one table: taking one is a single upsert that only wins when the lease is free, lapsed or already ours. */
export class PostgresLeases implements Leases {
  constructor(private readonly pool: Pool) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE leases.expires_at < now() OR leases.holder = EXCLUDED.holder
       RETURNING holder`,
      [name, holder, ttlMs],
    );
    return rows.length === 1;
  }
}
