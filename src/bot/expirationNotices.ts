import { TurnContext, type Middleware } from 'botbuilder';
import { expirationLine, expirationRecipients, expiringItems, type ExpiringItem, type Tenant, type User } from '../domain/accounts';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { ConcurrencyError, type DocumentStore } from '../storage/ports';
import type { AccountRepository } from '../storage/accountRepository';
import { expirationButton } from '../../dialogs/account/accountViews';
import { buttons, type Replies } from '../../dialogs/replies';
import { identityOf } from './identity';
import type { Notifier } from './notifier';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a primary admin's personal chat with the bot is kept, for notices. */
export function adminChatKey(tenant: string, user: string): string {
  return `customer:${tenant}:${user}`;
}

/**
 * Upcoming-expiration notices: primary admins who have talked to the bot get one message per expiring item
 * (Flex tokens, single-user subscriptions) per expiry window, with buttons to view details or manage renewals.
 */
export class ExpirationNotices {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly notifier: Notifier,
    private readonly store: DocumentStore,
    private readonly replies: Replies,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Keeps the personal-chat reference of each primary admin who talks to the bot. */
  remember(): Middleware {
    return {
      onTurn: async (context, next) => {
        const identity = identityOf(context);
        const personal = !context.activity.conversation?.isGroup && context.activity.conversation?.conversationType !== 'channel';
        if (identity.kind === 'customer' && identity.role === 'primary-admin' && personal && context.activity.type === 'message') {
          await this.notifier.rememberAs(adminChatKey(identity.tenant.id, identity.user.id), TurnContext.getConversationReference(context.activity));
        }
        await next();
      },
    };
  }

  /** Runs the check once; returns how many notices were sent. */
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

  /** Checks now and then every day; returns a function that stops the schedule. */
  schedule(every = DAY_MS): () => void {
    const run = () => void this.runOnce().catch((error: unknown) => this.logger.error({ err: String(error) }, 'expiration notices failed'));
    const first = setTimeout(run, 1000);
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
    if (!(await this.claim(marker))) return false;
    const card = this.replies.notice({
      title: 'Upcoming expiration',
      lines: [expirationLine(item)],
      actions: [expirationButton(item), buttons.getHelp()],
    });
    if (await this.notifier.trySend(key, card)) return true;
    await this.store.delete('meta', marker);
    return false;
  }

  private async claim(marker: string): Promise<boolean> {
    try {
      await this.store.put('meta', marker, { at: this.clock.now().toISOString() }, { expectedVersion: 'absent' });
      return true;
    } catch (error) {
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
  }
}
