import type { Activity } from 'botbuilder';
import type { CardAction } from '../../cards/render';
import type {
  AccountIntent,
  AccountReply,
  ActionOutcome,
  ActionPreview,
  Blocked,
  Choice,
  ContractManagerSeat,
  EarlyRenewalRow,
  ExpiringItem,
  RenewalRow,
} from '../../src/domain/accounts';
import { formatDate, formatMoney } from '../../src/domain/accounts/format';
import type { Article } from '../../src/search/knowledge';
import { buttons, type Replies } from '../replies';

/** The title of each account answer's card. */
export const answerTitles: Record<AccountIntent | 'renew-early', string> = {
  'renewal-status': 'Your renewals',
  'auto-renew': 'Your renewals and auto-renew',
  'auto-renew-off': 'Turn off auto-renew',
  'auto-renew-on': 'Turn on auto-renew',
  'early-renewal': 'Early renewal',
  'renew-early': 'Renew early',
  'billing-info': 'Your billing details',
  'upcoming-payments': 'Your upcoming payments',
  'purchase-history': 'Your purchase history',
  'upcoming-expirations': 'Upcoming expirations',
  'subscription-teams': 'Subscriptions and their teams',
  'added-seats': 'Where added seats go',
  'contract-manager-seat': "The contract manager's seat",
  admins: 'Your admins and contract managers',
  insights: 'Insights: seat assignment',
  'seat-usage': 'Seat Usage',
  'token-usage': 'Token Usage',
  'move-subscription': 'Move a subscription to another team',
  'unassign-seat': "Unassign the contract manager's seat",
  subscriptions: 'Your subscriptions',
  'renewal-cost': 'What renewing costs',
  'reseller-contact': 'Your reseller',
  'contract-details': 'Contract details',
};

export type ShownReply = AccountReply<unknown> | Blocked | Exclude<ActionOutcome, { kind: 'applied' }> | { kind: 'applied'; lines: string[] };

/** An account answer (or refusal, or "not found") as a card, with the related articles and any offers. */
export function accountCard(replies: Replies, title: string, reply: ShownReply, articles: Article[], offers: CardAction[] = []): Partial<Activity> {
  const heading = reply.kind === 'refused' ? `${title}: not available to you` : reply.kind === 'no-account' ? "I can't see an account for you" : title;
  return replies.notice({
    title: heading,
    lines: reply.lines,
    actions: [...offers, ...articles.slice(0, 2).map((article) => buttons.article(article)), buttons.agent()],
  });
}

export function whichOneCard(replies: Replies, intent: string, choices: Choice[]): Partial<Activity> {
  return replies.choices({
    title: 'Which one do you mean?',
    text: 'Pick the subscription or contract you are asking about.',
    choices: choices.slice(0, 6).map((choice) => ({ title: choice.label, data: { verb: 'account', intent, ...definedOnly(choice.target) } })),
    actions: [],
  });
}

export function confirmCard(replies: Replies, preview: ActionPreview, token: string): Partial<Activity> {
  const changes = Object.keys(preview.after).map((field) => changeFact(field, preview.before[field], preview.after[field]));
  return replies.notice({
    title: preview.title,
    lines: [...preview.lines, 'Do you want to go ahead?'],
    facts: changes,
    actions: [
      { title: 'Confirm', data: { verb: 'confirm', token, accept: true } },
      { title: 'Cancel', data: { verb: 'confirm', token, accept: false } },
    ],
  });
}

/** Buttons that follow naturally from an answer: renew now, turn auto-renew off, unassign an unused seat. */
export function offersFor(reply: AccountReply<unknown>): CardAction[] {
  if (reply.kind !== 'answer') return [];
  switch (reply.intent) {
    case 'early-renewal':
      return (reply.data as EarlyRenewalRow[])
        .filter((row) => row.status === 'open' && row.canRenew)
        .map((row) => ({ title: `Renew ${row.contract} early`, data: { verb: 'account', intent: 'renew-early', contract: row.contract } }));
    case 'renewal-status':
    case 'auto-renew': {
      const rows = reply.data as RenewalRow[];
      const only = rows.length === 1 ? rows[0] : undefined;
      // Reseller contracts renew through the reseller and manual-only ones can't auto-renew: nothing to offer.
      if (!only || only.renewsBy === 'reseller' || only.renewsBy === 'manual-only' || only.paymentMethod === undefined) return [];
      const intent = only.autoRenew ? 'auto-renew-off' : 'auto-renew-on';
      return [{ title: only.autoRenew ? 'Turn off auto-renew' : 'Turn on auto-renew', data: { verb: 'account', intent, subscription: only.subscription } }];
    }
    case 'contract-manager-seat':
      return (reply.data as ContractManagerSeat[])
        .filter((seat) => seat.neverUsed)
        .map((seat) => ({ title: `Unassign ${seat.manager}'s ${seat.product} seat`, data: { verb: 'account', intent: 'unassign-seat', subscription: seat.subscription } }));
    case 'upcoming-expirations':
      return (reply.data as ExpiringItem[]).map(expirationButton);
    default:
      return [];
  }
}

export function expirationButton(item: ExpiringItem): CardAction {
  return item.kind === 'flex-tokens'
    ? { title: `View details (${item.id})`, data: { verb: 'account', intent: 'token-usage' } }
    : { title: `Manage renewals (${item.product})`, data: { verb: 'account', intent: 'renewal-status', contract: item.contract } };
}

function definedOnly(target: Choice['target']): Record<string, string> {
  return Object.fromEntries(Object.entries(target).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** How each audited field reads on the confirmation card; the audit log keeps the machine names. */
const changeLabels: Record<string, { label: string; show: (value: unknown) => string; empty?: string }> = {
  autoRenew: { label: 'Auto-renew', show: (value) => (value ? 'On' : 'Off') },
  renewalDate: { label: 'Renewal date', show: (value) => formatDate(String(value)) },
  order: { label: 'New order', show: String },
  total: { label: 'Charged', show: (value) => formatMoney(Number(value)) },
  team: { label: 'Team', show: String },
  seat: { label: 'Seat holder', show: String, empty: 'nobody (unassigned)' },
};

/** "Auto-renew: On → Off"; a value that only appears after the change (a new order) is shown alone. */
function changeFact(field: string, before: unknown, after: unknown): { name: string; value: string } {
  const known = changeLabels[field] ?? { label: field, show: String };
  const show = (value: unknown): string => (value === null ? (known.empty ?? 'none') : known.show(value));
  return { name: known.label, value: before === undefined ? show(after) : `${show(before)} → ${show(after)}` };
}
