import { EventEmitter } from 'node:events';
import type { Change, DocumentStore, Leases, Outbox, OutboxEntry, OutboxMessage } from '../ports';

/** An outbox entry as an embedded store keeps it: a document in 'outbox', tagged so it can be found. */
interface StoredEntry {
  key: string;
  payload: unknown;
  attempts: number;
  /** Epoch ms before which the entry is not claimed again (after a failed attempt). */
  notBefore: number;
}

const TAGS = { outbox: 'pending' } as const;

/**
 * The outbox of a store owned by one process (memory, lowdb): entries are documents written by the same
 * atomic commit as the changes that produced them; claims are held in memory, since a crash ends them anyway.
 */
export class LocalOutbox implements Outbox {
  private readonly claims = new Map<string, number>();
  private readonly events = new EventEmitter();
  private lastId = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** The changes that enqueue `messages` in a commit, and their ids (increasing, so id order is commit order). */
  changesFor(messages: readonly OutboxMessage[]): { changes: Change[]; ids: string[] } {
    const ids = messages.map(() => this.nextId());
    const changes: Change[] = messages.map((message, index) => ({
      kind: 'put',
      collection: 'outbox',
      id: ids[index]!,
      value: { key: message.key, payload: message.payload, attempts: 0, notBefore: 0 } satisfies StoredEntry,
      expected: 'absent',
      tags: { ...TAGS, key: message.key },
    }));
    return { changes, ids };
  }

  /** Called by the store once a commit with messages is durable. */
  enqueued(): void {
    this.events.emit('enqueued');
  }

  async claim(holder: string, limit: number, leaseMs: number, keys?: readonly string[]): Promise<OutboxEntry[]> {
    void holder;
    const now = this.now();
    const entries = await this.store.find<StoredEntry>('outbox', TAGS);
    const heads = new Map<string, (typeof entries)[number]>();
    for (const entry of entries) if (!heads.has(entry.value.key)) heads.set(entry.value.key, entry);
    const claimed: OutboxEntry[] = [];
    for (const head of heads.values()) {
      if (claimed.length >= limit) break;
      if (keys && !keys.includes(head.value.key)) continue;
      if ((this.claims.get(head.id) ?? 0) > now || head.value.notBefore > now) continue;
      this.claims.set(head.id, now + leaseMs);
      claimed.push({ id: head.id, key: head.value.key, payload: head.value.payload, attempts: head.value.attempts });
    }
    return claimed;
  }

  async complete(id: string): Promise<void> {
    await this.store.delete('outbox', id);
    this.claims.delete(id);
  }

  async retry(id: string, delayMs: number): Promise<void> {
    const entry = await this.store.get<StoredEntry>('outbox', id);
    if (entry) {
      const value = { ...entry.value, attempts: entry.value.attempts + 1, notBefore: this.now() + delayMs };
      await this.store.put('outbox', id, value, { expectedVersion: entry.version, ...(entry.tags ? { tags: entry.tags } : {}) });
    }
    this.claims.delete(id);
  }

  async pending(ids: readonly string[]): Promise<string[]> {
    const found = await Promise.all(ids.map(async (id) => ((await this.store.get('outbox', id)) ? id : undefined)));
    return found.filter((id): id is string => id !== undefined);
  }

  onEnqueued(listener: () => void): () => void {
    this.events.on('enqueued', listener);
    return () => this.events.off('enqueued', listener);
  }

  private nextId(): string {
    this.lastId = Math.max(this.lastId + 1, this.now() * 1000);
    return String(this.lastId).padStart(20, '0');
  }
}

interface LeaseDocument {
  holder: string;
  until: number;
}

/** Leases for a store owned by one process: documents in 'meta', taken with a conditional write. */
export class LocalLeases implements Leases {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => number = Date.now,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const id = `lease:${name}`;
    const current = await this.store.get<LeaseDocument>('meta', id);
    const now = this.now();
    if (current && current.value.holder !== holder && current.value.until > now) return false;
    try {
      await this.store.put('meta', id, { holder, until: now + ttlMs }, { expectedVersion: current?.version ?? 'absent' });
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConcurrencyError') return false;
      throw error;
    }
  }
}
