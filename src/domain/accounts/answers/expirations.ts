import { decide } from '../access';
import { dayOf, daysBetween } from '../calendar';
import { formatDate, inDays, plural } from '../format';
import type { Identity } from '../identity';
import { holdings, subscriptionLabel } from '../lookup';
import { answer, refused, type AccountReply } from '../reply';
import type { Tenant, User } from '../schema';
import { forViewer, type AccountSource } from '../scope';
import { renewalMethod, type RenewalMethod } from './renewals';

/** Flex tokens and single-user subscriptions are announced this many days before they expire. */
export const EXPIRATION_NOTICE_DAYS = 30;

interface ExpiringBase {
  id: string;
  expiresOn: string;
  daysLeft: number;
  /** Same key for the same item and expiry: send one notice per key. */
  noticeKey: string;
}

export interface ExpiringFlexTokens extends ExpiringBase {
  kind: 'flex-tokens';
  team: string;
  remaining: number;
  /** The button that buys more tokens. */
  next: 'view-details';
}

export interface ExpiringSubscription extends ExpiringBase {
  kind: 'single-user';
  product: string;
  contract: string;
  renewsBy: RenewalMethod;
  /** The button that opens the contract's renewal page. */
  next: 'manage-renewals';
}

export type ExpiringItem = ExpiringFlexTokens | ExpiringSubscription;

/**
 * What expires within 30 days: Flex token balances with tokens left, and single-user subscriptions
 * that will not renew by themselves. No access check: for the daily notice to primary admins.
 */
export function expiringItems(tenant: Tenant, now: Date): ExpiringItem[] {
  const today = dayOf(now);
  const soon = (day: string): boolean => daysBetween(today, day) >= 0 && daysBetween(today, day) <= EXPIRATION_NOTICE_DAYS;
  const flex: ExpiringItem[] = tenant.flexTokens
    .filter((f) => f.remaining > 0 && soon(f.expiresOn))
    .map((f) => ({ kind: 'flex-tokens', id: f.id, team: f.team, remaining: f.remaining, expiresOn: f.expiresOn, daysLeft: daysBetween(today, f.expiresOn), noticeKey: `${tenant.id}/${f.id}/${f.expiresOn}`, next: 'view-details' }));
  const singles: ExpiringItem[] = holdings(tenant)
    .filter(({ subscription, contract }) => subscription.type === 'single-user' && !contract.autoRenew && soon(contract.renewalDate))
    .map(({ subscription, contract }) => ({
      kind: 'single-user',
      id: subscription.id,
      product: subscription.product,
      contract: contract.id,
      renewsBy: renewalMethod(contract),
      expiresOn: contract.renewalDate,
      daysLeft: daysBetween(today, contract.renewalDate),
      noticeKey: `${tenant.id}/${subscription.id}/${contract.renewalDate}`,
      next: 'manage-renewals',
    }));
  return [...flex, ...singles].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn));
}

/** The people who get expiration notices. */
export function expirationRecipients(tenant: Tenant): User[] {
  return tenant.users.filter((u) => u.roles.includes('primary-admin'));
}

export function expirationLine(item: ExpiringItem): string {
  const when = `${formatDate(item.expiresOn)} (${inDays(item.daysLeft)})`;
  if (item.kind === 'flex-tokens') {
    return `Flex tokens ${item.id}: the ${plural(item.remaining, 'token')} left expire on ${when}. Use View details to buy more tokens.`;
  }
  const how = item.renewsBy === 'manual-only' ? 'manual renewal' : item.renewsBy === 'reseller' ? 'renewed through the reseller' : 'auto-renew off';
  return `${subscriptionLabel({ id: item.id, product: item.product })} single-user subscription, on contract ${item.contract} (${how}), expires on ${when}. Use Manage renewals to renew it.`;
}

/** Upcoming expirations, as the primary admin's home page shows them. */
export function upcomingExpirations(data: AccountSource, identity: Identity, now: Date): AccountReply<ExpiringItem[]> {
  return forViewer(data, identity, (viewer) => {
    const decision = decide(viewer, 'see-expirations');
    if (!decision.allowed) return refused(decision);
    const items = expiringItems(viewer.tenant, now);
    const lines = items.length > 0 ? items.map(expirationLine) : [`Nothing expires in the next ${EXPIRATION_NOTICE_DAYS} days.`];
    return answer('upcoming-expirations', items, lines);
  });
}
