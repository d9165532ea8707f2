import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { ExpiringItem } from '../domain/accounts';
import type { AnnouncementReceipt, EscalationNotice, Messenger } from '../escalation';
import type { Logger } from '../logger';
import type { OutboxEntry, Store } from '../storage/ports';
import type { UnitOfWork } from '../storage/unitOfWork';
import { type Notifier, UnreachableConversationError } from './notifier';

/** What an outbox entry asks for: a notice sent to its conversation, or an earlier activity replaced. */
export type OutboxPayload =
  | { mode: 'send'; notice: Notice; receipt?: AnnouncementReceipt }
  | { mode: 'update'; activityId: string; notice: Notice };

/** Everything the bot tells people outside their own turn. */
export type Notice = { kind: 'escalation'; notice: EscalationNotice } | { kind: 'expiration'; item: ExpiringItem };

const payloadShape = z.object({ mode: z.enum(['send', 'update']), notice: z.object({ kind: z.string() }).loose() }).loose();

/** Turns a notice into the activities the person reads; given by the views. */
export type RenderNotice = (notice: Notice) => Partial<Activity>[];

const CLAIM_LEASE_MS = 30_000;
const MAX_ATTEMPTS = 6;
const POLL_MS = 1_000;
const OWN_WAIT_MS = 3_000;

/** The escalation desk's messenger: notices join the unit of work as outbox entries. */
export function outboxMessenger(): Messenger {
  return {
    send: (unit: UnitOfWork, to: string, notice: EscalationNotice, receipt?: AnnouncementReceipt) =>
      unit.enqueue({ key: to, payload: { mode: 'send', notice: { kind: 'escalation', notice }, ...(receipt ? { receipt } : {}) } satisfies OutboxPayload }),
    update: (unit: UnitOfWork, to: string, activityId: string, notice: EscalationNotice) =>
      unit.enqueue({ key: to, payload: { mode: 'update', activityId, notice: { kind: 'escalation', notice } } satisfies OutboxPayload }),
  };
}

export interface DeliveryOptions {
  store: Store;
  notifier: Notifier;
  render: RenderNotice;
  /** A sent case card's id, for updating it in place later. */
  onAnnounced(receipt: AnnouncementReceipt, conversationKey: string, activityId: string): Promise<void>;
  logger: Logger;
}

/**
 * Delivers the outbox. A turn delivers its own entries as soon as it has committed them; every replica also
 * drains the outbox when told that entries arrived (LISTEN/NOTIFY on PostgreSQL) and by polling, so an entry
 * whose replica died is still delivered, once. Failed deliveries are retried with growing pauses.
 */
export class OutboxDelivery {
  private readonly holder = `replica-${randomUUID().slice(0, 8)}`;
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly o: DeliveryOptions) {}

  /** Starts listening and polling; returns the function that stops both. */
  start(pollMs = POLL_MS): () => Promise<void> {
    this.unsubscribe = this.o.store.outbox.onEnqueued(() => this.drainSoon());
    this.timer = setInterval(() => this.drainSoon(), pollMs);
    this.timer.unref();
    this.drainSoon();
    return () => this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.draining;
  }

  /** Delivers the entries of these conversations now (a turn's own), waiting briefly for any another replica took. */
  async deliverNow(keys: readonly string[], ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const deadline = Date.now() + OWN_WAIT_MS;
    for (;;) {
      const claimed = await this.o.store.outbox.claim(this.holder, 50, CLAIM_LEASE_MS, [...new Set(keys)]);
      if (claimed.length > 0) {
        await Promise.all(claimed.map((entry) => this.deliver(entry)));
        continue;
      }
      const waiting = await this.o.store.outbox.pending(ids);
      if (waiting.length === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Drains now and resolves once nothing more is claimable (follow-up notices of a turn, before its reply returns). */
  async drainNow(): Promise<void> {
    if (this.draining) {
      this.again = true;
      await this.draining;
    } else {
      this.drainSoon();
    }
    // The round that starts now sees everything committed before this call; later ones are not waited for.
    await this.draining;
  }

  /** Drains until nothing is claimable; a request while draining makes it go round once more. */
  drainSoon(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.drainSoon();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const claimed = await this.o.store.outbox.claim(this.holder, 20, CLAIM_LEASE_MS);
        if (claimed.length === 0 || this.stopped) return;
        await Promise.all(claimed.map((entry) => this.deliver(entry)));
      }
    } catch (error) {
      this.o.logger.warn({ err: (error as Error).message }, 'outbox not drained; trying again shortly');
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const payload = entry.payload as OutboxPayload;
    if (!payloadShape.safeParse(payload).success) {
      this.o.logger.error({ outboxId: entry.id }, 'dropped an outbox entry that is not a notice');
      await this.o.store.outbox.complete(entry.id);
      return;
    }
    try {
      const activities = this.o.render(payload.notice);
      if (payload.mode === 'update') {
        if (activities[0]) await this.o.notifier.update(entry.key, payload.activityId, activities[0]);
      } else {
        const ids = await this.o.notifier.send(entry.key, ...activities);
        if (payload.receipt && ids[0]) await this.o.onAnnounced(payload.receipt, entry.key, ids[0]);
      }
      await this.o.store.outbox.complete(entry.id);
    } catch (error) {
      await this.failed(entry, error);
    }
  }

  private async failed(entry: OutboxEntry, error: unknown): Promise<void> {
    const final = error instanceof UnreachableConversationError || entry.attempts + 1 >= MAX_ATTEMPTS;
    this.o.logger.warn({ conversationKey: entry.key, attempt: entry.attempts + 1, final, err: (error as Error).message }, final ? 'proactive message given up' : 'proactive message not delivered; will retry');
    await (final ? this.o.store.outbox.complete(entry.id) : this.o.store.outbox.retry(entry.id, 500 * 2 ** entry.attempts)).catch(() => undefined);
  }
}
