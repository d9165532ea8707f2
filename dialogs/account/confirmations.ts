import {
  applyAction,
  describeAction,
  type AccountSource,
  type ActionRequest,
  type Identity,
  actionRequest,
  notFound,
  type ActionOutcome,
} from '../../src/domain/accounts';
import { identityOf } from '../../src/bot/identity';
import type { AccountRepository } from '../../src/storage/accountRepository';
import type { AuditLog } from '../../src/storage/auditLog';
import { showHome } from '../menuRoutes';
import { buttons } from '../replies';
import type { SubmissionOf } from '../submissions';
import type { Turn } from '../turn';
import { accountCard, confirmCard } from './accountViews';

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
      await turn.send(accountCard(turn.services.replies, title, preview, []));
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

  private async apply(turn: Turn, request: ActionRequest, title: string): Promise<void> {
    const identity = identityOf(turn.context);
    const now = turn.services.clock.now();
    if (identity.kind !== 'customer' || !(await this.audit.claim(request.id, now))) {
      await this.notPending(turn, request.id);
      return;
    }
    let outcome: ActionOutcome = notFound();
    await this.accounts.updateTenant(identity.tenant.id, (tenant) => {
      outcome = applyAction({ tenants: [tenant] }, identity, now, request, new Set());
      return outcome.kind === 'applied' ? outcome.tenant : undefined;
    });
    const settled = outcome as ActionOutcome;
    if (settled.kind === 'applied') await this.audit.record(settled.audit);
    else await this.audit.release(request.id);
    await turn.send(accountCard(turn.services.replies, title, settled, []));
  }

  private async notPending(turn: Turn, token: string): Promise<void> {
    const done = await this.audit.has(token);
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
