import {
  applyAction,
  describeAction,
  type AccountSource,
  type ActionRequest,
  type Identity,
  actionRequest,
  notFound,
  type ActionOutcome,
  type Blocked,
} from '../../src/domain/accounts';
import { identityOf } from '../../src/bot/identity';
import type { AccountRepository } from '../../src/storage/accountRepository';
import type { AuditLog } from '../../src/storage/auditLog';
import { showHome } from '../menuRoutes';
import { buttons } from '../replies';
import type { SubmissionOf } from '../submissions';
import type { Turn } from '../turn';
import { sendAccountReply } from './accountReply';
import { confirmCard } from './accountViews';

/** Confirmation cards waiting for an answer in this conversation, by token. */
interface PendingActions {
  pending: Record<string, { request: ActionRequest; title: string }>;
}

const MAX_PENDING = 5;

/**
 * Account actions behind a confirmation card. The card carries only a token; the request itself stays in
 * the conversation's memory, so a forged or stale card can't name another target. The audit log's claim
 * on the request id applies each confirmation once, however many times it is clicked.
 */
export class Confirmations {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditLog,
  ) {}

  async propose(turn: Turn, identity: Identity, data: AccountSource, request: ActionRequest, title: string): Promise<void> {
    const preview = describeAction(data, identity, turn.services.clock.now(), request);
    if (preview.kind !== 'confirm') {
      this.recordRefusal(turn, identity, request, preview);
      await sendAccountReply(turn, title, preview, []);
      return;
    }
    const state = pendingOf(turn);
    const tokens = [...Object.keys(state.pending), request.id].slice(-MAX_PENDING);
    state.pending = Object.fromEntries(tokens.map((token) => [token, state.pending[token] ?? { request, title }]));
    await turn.send(confirmCard(turn.services.replies, preview, request.id));
  }

  /** Handles Confirm / Cancel; always claims the submission, since only this feature issues tokens. */
  async settle(turn: Turn, submission: SubmissionOf<'confirm'>): Promise<boolean> {
    const state = pendingOf(turn);
    const pending = state.pending[submission.token];
    turn.route(`account.confirm.${submission.accept ? 'yes' : 'no'}`);
    if (!pending || !actionRequest.safeParse(pending.request).success) {
      await this.notPending(turn, submission.token);
      return true;
    }
    delete state.pending[submission.token];
    if (!submission.accept) {
      await turn.send(turn.services.replies.notice({ lines: ['OK, nothing was changed.'], actions: [buttons.getHelp()] }));
      return true;
    }
    await this.apply(turn, pending.request, pending.title);
    return true;
  }

  /**
   * Checks and applies the change on the tenant as this turn reads it, and records it (or why not) in the
   * audit log, all in the turn's unit of work: nothing is claimed before it is done, so a failure leaves
   * nothing behind, and a second press of the same card finds the request settled.
   */
  private async apply(turn: Turn, request: ActionRequest, title: string): Promise<void> {
    const identity = identityOf(turn.context);
    const now = turn.services.clock.now();
    if (identity.kind !== 'customer' || (await this.audit.has(request.id, turn.unit))) {
      await this.notPending(turn, request.id);
      return;
    }
    const tenant = await this.accounts.tenantIn(turn.unit, identity.tenant.id);
    const outcome: ActionOutcome = tenant ? applyAction({ tenants: [tenant] }, identity, now, request, new Set()) : notFound();
    if (outcome.kind === 'applied') {
      this.accounts.putTenant(turn.unit, outcome.tenant);
      this.audit.record(turn.unit, outcome.audit);
    } else if (outcome.kind !== 'already-applied') {
      this.recordRefusal(turn, identity, request, outcome);
    }
    await sendAccountReply(turn, title, outcome, []);
  }

  /** Who asked for what, and why it was not done: the reason they were told, nothing they could not see. */
  private recordRefusal(turn: Turn, identity: Identity, request: ActionRequest, blocked: Blocked): void {
    if (identity.kind !== 'customer') return;
    this.audit.record(turn.unit, {
      requestId: request.id,
      tenant: identity.tenant.id,
      who: { id: identity.user.id, name: identity.user.name },
      action: request.kind,
      outcome: blocked.kind,
      reason: blocked.kind === 'refused' || blocked.kind === 'not-possible' ? blocked.reason : blocked.kind,
      at: turn.services.clock.now().toISOString(),
    });
  }

  private async notPending(turn: Turn, token: string): Promise<void> {
    const done = await this.audit.has(token, turn.unit);
    await turn.send(
      turn.services.replies.notice({
        title: done ? 'Already done' : 'That button is no longer active',
        lines: [done ? 'That change was already made; nothing changed this time.' : 'This confirmation has expired or was already answered, so nothing was changed. Ask again if you still want to make the change.'],
        actions: done ? [buttons.getHelp()] : [],
      }),
    );
    if (!done) await showHome(turn);
  }
}

function pendingOf(turn: Turn): PendingActions {
  const existing = turn.memory.features.account as PendingActions | undefined;
  if (existing && typeof existing.pending === 'object') return existing;
  const created: PendingActions = { pending: {} };
  turn.memory.features.account = created;
  return created;
}
