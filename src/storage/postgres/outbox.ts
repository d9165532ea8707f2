import type { Pool } from 'pg';
import type { Outbox, OutboxEntry } from '../ports';
import type { PostgresNotifications } from './notifications';

interface EntryRow {
  seq: string;
  key: string;
  payload: string;
  attempts: number;
}

/**
 * The outbox table. Claims take only the oldest entry of each key and skip rows another replica is claiming
 * (`FOR UPDATE SKIP LOCKED`), so each entry goes out once and a conversation's messages stay in order.
 * Commits that enqueue send a NOTIFY; each replica LISTENs (and polls as the fallback).
 */
export class PostgresOutbox implements Outbox {
  constructor(
    private readonly pool: Pool,
    private readonly notifications: PostgresNotifications,
    /** The NOTIFY channel commits that enqueue wake the replicas on. */
    readonly channel: string,
  ) {}

  async claim(holder: string, limit: number, leaseMs: number, keys?: readonly string[]): Promise<OutboxEntry[]> {
    const { rows } = await this.pool.query<EntryRow>(
      `UPDATE outbox SET claimed_by = $1, claimed_until = now() + $3 * interval '1 millisecond'
       WHERE seq IN (
         SELECT o.seq FROM outbox o
         WHERE o.not_before <= now() AND (o.claimed_until IS NULL OR o.claimed_until < now())
           AND ($4::text[] IS NULL OR o.key = ANY($4::text[]))
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.key = o.key AND p.seq < o.seq)
         ORDER BY o.seq LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING seq, key, payload, attempts`,
      [holder, limit, leaseMs, keys ? [...keys] : null],
    );
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({ id: row.seq, key: row.key, payload: JSON.parse(row.payload) as unknown, attempts: row.attempts }));
  }

  async complete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM outbox WHERE seq = $1', [id]);
  }

  async retry(id: string, delayMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE outbox SET attempts = attempts + 1, not_before = now() + $2 * interval '1 millisecond', claimed_by = NULL, claimed_until = NULL WHERE seq = $1`,
      [id, delayMs],
    );
  }

  async pending(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ seq: string }>('SELECT seq FROM outbox WHERE seq = ANY($1::bigint[])', [[...ids]]);
    const found = new Set(rows.map((row) => row.seq));
    return ids.filter((id) => found.has(id));
  }

  onEnqueued(listener: () => void): () => void {
    return this.notifications.on(this.channel, () => listener());
  }
}
