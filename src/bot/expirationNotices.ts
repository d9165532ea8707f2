import { randomUUID } from 'node:crypto';
import { TurnContext, type Middleware } from 'botbuilder';
import { expirationRecipients, expiringItems, type ExpiringItem, type Tenant, type User } from '../domain/accounts';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ConcurrencyError, type Store } from '../storage/ports';
import { transact } from '../storage/unitOfWork';
import type { AccountRepository } from '../storage/accountRepository';
import { identityOf } from './identity';
import { isAuthenticatedTurn, type Notifier } from './notifier';
import type { OutboxPayload } from './outboxDelivery';
import { unitOf } from './turnFacts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a primary admin's personal chat with the bot is kept, for notices. */
export function adminChatKey(tenant: string, user: string): string {
  return `customer:${tenant}:${user}`;
}

/**
 * Upcoming-expiration notices: primary admins who have talked to the bot get one message per expiring item
 * (Flex tokens, single-user subscriptions) per expiry window, with buttons to view details or manage renewals.
 * The daily check runs on one replica (a lease); each notice is claimed and enqueued in one commit, so it is
 * sent once however many replicas check.
 */
export class ExpirationNotices {
  private readonly holder = `notices-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly accounts: AccountRepository,
    private readonly notifier: Notifier,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** With an app id, an admin's chat is remembered only from authenticated activities. */
    private readonly requireAuthentication: boolean,
  ) {}

  /** Keeps the personal-chat reference of each primary admin who talks to the bot. */
  remember(): Middleware {
    return {
      onTurn: async (context, next) => {
        const identity = identityOf(context);
        const personal = !context.activity.conversation?.isGroup && context.activity.conversation?.conversationType !== 'channel';
        const trusted = !this.requireAuthentication || isAuthenticatedTurn(context);
        if (identity.kind === 'customer' && identity.role === 'primary-admin' && personal && trusted && context.activity.type === 'message') {
          const key = adminChatKey(identity.tenant.id, identity.user.id);
          await this.notifier.rememberAs(unitOf(context), key, TurnContext.getConversationReference(context.activity), isAuthenticatedTurn(context));
        }
        await next();
      },
    };
  }

  /** Runs the check once; returns how many notices were enqueued (delivered by the outbox). */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    let sent = 0;
    for (const tenant of await this.accounts.tenants()) {
      for (const admin of expirationRecipients(tenant)) {
        for (const item of expiringItems(tenant, now)) if (await this.notify(tenant, admin, item)) sent += 1;
      }
    }
    this.logger.info({ sent }, 'expiration notices checked');
    return sent;
  }

  /**
   * Checks a minute after start (not at once: a replica that restarts in a loop should not hammer the check)
   * and then every day, on whichever replica holds the lease; returns the stop.
   */
  schedule(every = DAY_MS, firstAfter = 60_000): () => void {
    const run = () =>
      void this.store.leases
        // A short lease: replicas never check at the same moment, and a restarted one is not locked out for a day;
        // each notice's marker still makes it go out once.
        .acquire('expiration-notices', this.holder, Math.min(every, 10 * 60_000))
        .then((mine) => (mine ? this.runOnce() : 0))
        .catch((error: unknown) => this.logger.error({ err: String(error) }, 'expiration notices failed'));
    const first = setTimeout(run, firstAfter);
    const timer = setInterval(run, every);
    first.unref();
    timer.unref();
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }

  private async notify(tenant: Tenant, admin: User, item: ExpiringItem): Promise<boolean> {
    const key = adminChatKey(tenant.id, admin.id);
    if (!(await this.notifier.knows(key))) return false;
    const marker = `expiration-notice:${item.noticeKey}:${admin.id}`;
    try {
      await transact(this.store, async (unit) => {
        unit.insert('meta', marker, { at: this.clock.now().toISOString() });
        unit.enqueue({ key, payload: { mode: 'send', notice: { kind: 'expiration', item } } satisfies OutboxPayload });
      }, 1);
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false; // already sent for this window
      throw error;
    }
  }
}
