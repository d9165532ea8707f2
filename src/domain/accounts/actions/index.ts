import { viewerIn, type Identity } from '../identity';
import { noAccount } from '../reply';
import type { AccountSource } from '../scope';
import { plan } from './plans';
import type { ActionOutcome, ActionPreview, ActionRequest, Blocked } from './request';

export * from './request';

/** The confirmation card's content: what will change, before → after; or why it can't be done. */
export function describeAction(data: AccountSource, identity: Identity, now: Date, request: ActionRequest): ActionPreview | Blocked {
  const viewer = viewerIn(data, identity);
  if (!viewer) return noAccount();
  const planned = plan(viewer, now, request);
  if ('kind' in planned) return planned;
  return { kind: 'confirm', title: planned.title, lines: planned.lines, before: planned.before, after: planned.after };
}

/**
 * Applies a confirmed action: the new tenant document to store and the audit record to append.
 * A request whose id is in `appliedRequestIds` changes nothing (a double click, a replayed card).
 * Access and the account's rules are checked again here, whatever the card showed.
 */
export function applyAction(data: AccountSource, identity: Identity, now: Date, request: ActionRequest, appliedRequestIds: ReadonlySet<string>): ActionOutcome {
  const viewer = viewerIn(data, identity);
  if (!viewer) return noAccount();
  if (appliedRequestIds.has(request.id)) return { kind: 'already-applied', lines: ['That was already done; nothing changed this time.'] };
  const planned = plan(viewer, now, request);
  if ('kind' in planned) return planned;
  return {
    kind: 'applied',
    tenant: planned.change(viewer.tenant),
    audit: {
      requestId: request.id,
      tenant: viewer.tenant.id,
      who: { id: viewer.user.id, name: viewer.user.name },
      action: request.kind,
      target: planned.target,
      at: now.toISOString(),
      before: planned.before,
      after: planned.after,
    },
    lines: planned.done,
  };
}
