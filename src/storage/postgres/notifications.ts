import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { quoteIdentifier } from './database';

const RELISTEN_MS = 2_000;

/**
 * LISTEN on one connection of its own, for every channel a replica cares about (outbox entries, Direct Line
 * activities). When the connection drops it listens again, and tells every channel's listeners to look, since
 * notifications may have been missed meanwhile.
 */
export class PostgresNotifications {
  private readonly events = new EventEmitter();
  private readonly channels = new Set<string>();
  private client: Client | undefined;
  private closed = false;
  private relisten: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly onError: (error: Error) => void,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Calls `listener` with each payload sent on `channel` (and with undefined after a reconnection). */
  on(channel: string, listener: (payload: string | undefined) => void): () => void {
    this.events.on(channel, listener);
    if (!this.channels.has(channel)) {
      this.channels.add(channel);
      this.client?.query(`LISTEN ${quoteIdentifier(channel)}`).catch((error: unknown) => this.lost(error as Error));
    }
    return () => this.events.off(channel, listener);
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on('error', (error) => this.lost(error, client));
    client.on('notification', (message) => this.events.emit(message.channel, message.payload));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    } catch (error) {
      this.lost(error as Error, client);
      return;
    }
    this.client = client;
    for (const channel of this.channels) this.events.emit(channel, undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relisten) clearTimeout(this.relisten);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private lost(error: Error, client = this.client): void {
    this.onError(error);
    if (client && this.client === client) this.client = undefined;
    client?.end().catch(() => undefined);
    if (this.closed || this.relisten) return;
    this.relisten = setTimeout(() => {
      this.relisten = undefined;
      void this.start();
    }, RELISTEN_MS);
    this.relisten.unref();
  }
}
