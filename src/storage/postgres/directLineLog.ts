import type { Pool, PoolClient } from 'pg';
import {
  type ActivityListener,
  type ActivitySet,
  ActivityTooLargeError,
  type ConversationLimits,
  ConversationNotFoundError,
  DEFAULT_LIMITS,
  type DirectLineLog,
  type StoredActivity,
} from '../directLine';
import type { PostgresNotifications } from './notifications';

type ActivityBody = Record<string, unknown> & { type: string; timestamp: string };

interface ActivityRow {
  watermark: string;
  activity_id: string;
  activity: string;
}

/**
 * The web chat's Direct Line conversations in PostgreSQL: a browser polling or streaming from any replica sees
 * every activity, whichever replica wrote it. Each append takes the conversation's next watermark and stores the
 * activity in one statement, then trims the conversation to its bounds; a NOTIFY tells every replica's streams.
 * The whole log is bounded too: the least recently used conversations go first.
 */
export class PostgresDirectLineLog implements DirectLineLog {
  private readonly limits: ConversationLimits;
  private readonly listeners = new Map<string, Set<ActivityListener>>();
  /** The last watermark each streamed conversation was told, so a notification sends only what is new. */
  private readonly told = new Map<string, Promise<number>>();
  private typing = 0;
  private opened = 0;

  constructor(
    private readonly pool: Pool,
    notifications: PostgresNotifications,
    private readonly channel: string,
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    notifications.on(channel, (payload) => void this.notified(payload));
  }

  async open(id: string, userId: string): Promise<boolean> {
    const { rows } = await this.pool.query('INSERT INTO directline_conversations (id, user_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id', [id, userId]);
    if (rows.length === 0) {
      await this.pool.query('UPDATE directline_conversations SET last_used = now() WHERE id = $1', [id]);
      return false;
    }
    if (++this.opened % 50 === 1) await this.evict();
    return true;
  }

  async has(id: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM directline_conversations WHERE id = $1', [id])).rows.length > 0;
  }

  async append(conversationId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    if (activity.type === 'typing') return this.passTyping(conversationId, activity);
    const body = this.measure(activity);
    const { rows } = await this.pool.query<{ watermark: string; activity_id: string }>(
      `WITH taken AS (
         UPDATE directline_conversations SET next_watermark = next_watermark + 1, bytes = bytes + $3, last_used = now()
         WHERE id = $1 RETURNING next_watermark - 1 AS watermark)
       INSERT INTO directline_activities (conversation_id, watermark, activity_id, activity, bytes)
       SELECT $1, watermark, $1 || '|' || lpad(watermark::text, 7, '0'), $2, $3 FROM taken
       RETURNING watermark, activity_id`,
      [conversationId, body.json, body.bytes],
    );
    const row = rows[0];
    if (!row) throw new ConversationNotFoundError(conversationId);
    await this.trim(conversationId, Number(row.watermark));
    return { ...body.stamped, id: row.activity_id };
  }

  async replace(conversationId: string, activityId: string, activity: Record<string, unknown>): Promise<StoredActivity> {
    const body = this.measure(activity);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ watermark: string }>(
        'UPDATE directline_conversations SET next_watermark = next_watermark + 1, last_used = now() WHERE id = $1 RETURNING next_watermark - 1 AS watermark',
        [conversationId],
      );
      const watermark = rows[0]?.watermark;
      if (watermark === undefined) throw new ConversationNotFoundError(conversationId);
      await client.query('DELETE FROM directline_activities WHERE conversation_id = $1 AND activity_id = $2', [conversationId, activityId]);
      await client.query('INSERT INTO directline_activities (conversation_id, watermark, activity_id, activity, bytes) VALUES ($1, $2, $3, $4, $5)', [
        conversationId,
        watermark,
        activityId,
        body.json,
        body.bytes,
      ]);
      await this.notify(client, conversationId);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return { ...body.stamped, id: activityId };
  }

  async since(conversationId: string, watermark: number): Promise<ActivitySet> {
    const { rows } = await this.pool.query<ActivityRow & { next_watermark: string }>(
      `SELECT c.next_watermark, a.watermark, a.activity_id, a.activity FROM directline_conversations c
       LEFT JOIN directline_activities a ON a.conversation_id = c.id AND a.watermark > $2
       WHERE c.id = $1 ORDER BY a.watermark`,
      [conversationId, watermark],
    );
    if (rows.length === 0) throw new ConversationNotFoundError(conversationId);
    const activities = rows.filter((row) => row.activity_id !== null).map(toStored);
    return { activities, watermark: String(Number(rows[0]!.next_watermark) - 1) };
  }

  async ownerOf(conversationId: string): Promise<string> {
    const { rows } = await this.pool.query<{ user_id: string }>('SELECT user_id FROM directline_conversations WHERE id = $1', [conversationId]);
    if (!rows[0]) throw new ConversationNotFoundError(conversationId);
    return rows[0].user_id;
  }

  subscribe(conversationId: string, listener: ActivityListener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    // From now on: what the conversation holds as it is subscribed was the subscriber's to read already.
    if (!this.told.has(conversationId)) {
      this.told.set(conversationId, this.since(conversationId, Number.MAX_SAFE_INTEGER).then((update) => Number(update.watermark), () => 0));
    }
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(conversationId) === set) {
        this.listeners.delete(conversationId);
        this.told.delete(conversationId);
      }
    };
  }

  /** Typing is passed to this replica's streams and never stored: nobody polls for an old "typing…". */
  private passTyping(conversationId: string, activity: Record<string, unknown>): StoredActivity {
    const stored: StoredActivity = { ...this.measure(activity).stamped, id: `${conversationId}|typing-${++this.typing}` };
    const listeners = this.listeners.get(conversationId);
    if (listeners) void this.told.get(conversationId)?.then((watermark) => listeners.forEach((listener) => listener({ activities: [stored], watermark: String(watermark) })));
    return stored;
  }

  /** The activity as stored (without its id, given by its row), refused over the per-activity limit. */
  private measure(activity: Record<string, unknown>): { stamped: ActivityBody; json: string; bytes: number } {
    const stamped = { ...activity, type: typeof activity.type === 'string' ? activity.type : 'message', timestamp: new Date(this.now()).toISOString() };
    const json = JSON.stringify(stamped);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > this.limits.maxActivityBytes) throw new ActivityTooLargeError(bytes, this.limits.maxActivityBytes);
    return { stamped, json, bytes };
  }

  /** Drops the conversation's oldest activities beyond its count and byte limits, then tells the streams. */
  private async trim(conversationId: string, newest: number): Promise<void> {
    await this.pool.query(
      `WITH ranked AS (
         SELECT watermark, sum(bytes) OVER (ORDER BY watermark DESC) AS running, row_number() OVER (ORDER BY watermark DESC) AS n
         FROM directline_activities WHERE conversation_id = $1),
       gone AS (
         DELETE FROM directline_activities a USING ranked r
         WHERE a.conversation_id = $1 AND a.watermark = r.watermark AND (r.n > $2 OR r.running > $3) AND a.watermark < $4
         RETURNING a.bytes)
       UPDATE directline_conversations SET bytes = bytes - (SELECT coalesce(sum(bytes), 0) FROM gone) WHERE id = $1`,
      [conversationId, this.limits.maxActivities, this.limits.maxConversationBytes, newest],
    );
    await this.notify(this.pool, conversationId);
  }

  /** Keeps the log within its conversation and byte limits, least recently used first. */
  private async evict(): Promise<void> {
    await this.pool.query(
      `DELETE FROM directline_conversations WHERE id IN (
         SELECT id FROM (
           SELECT id, row_number() OVER (ORDER BY last_used DESC) AS n, sum(bytes) OVER (ORDER BY last_used DESC) AS running
           FROM directline_conversations) t
         WHERE t.n > $1 OR t.running > $2)`,
      [this.limits.maxConversations, this.limits.maxTotalBytes],
    );
  }

  private async notify(db: Pick<PoolClient, 'query'>, conversationId: string): Promise<void> {
    await db.query('SELECT pg_notify($1, $2)', [this.channel, conversationId]);
  }

  /** Another replica (or this one) wrote to a conversation: streams that follow it get what is new. */
  private async notified(conversationId: string | undefined): Promise<void> {
    const ids = conversationId === undefined ? [...this.listeners.keys()] : this.listeners.has(conversationId) ? [conversationId] : [];
    for (const id of ids) {
      // One query at a time per conversation: each starts from where the previous one left the stream.
      const next = (this.told.get(id) ?? Promise.resolve(0)).then(async (from) => {
        try {
          const update = await this.since(id, from);
          if (update.activities.length > 0) for (const listener of this.listeners.get(id) ?? []) listener(update);
          return Math.max(from, Number(update.watermark));
        } catch {
          return from; // the conversation ended meanwhile: its streams see a 404 on their next request
        }
      });
      if (this.listeners.has(id)) this.told.set(id, next);
      await next;
    }
  }
}

function toStored(row: ActivityRow): StoredActivity {
  return { ...(JSON.parse(row.activity) as ActivityBody), id: row.activity_id };
}
