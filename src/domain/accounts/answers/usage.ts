import { decide } from '../access';
import { addDays, dayOf } from '../calendar';
import { formatDate, peopleList } from '../format';
import type { Identity } from '../identity';
import { findTeam, peopleOf, personName, seatsOf, subscriptionLabel, teamName } from '../lookup';
import { answer, notFound, refused, type AccountReply } from '../reply';
import { forViewer, selectHoldings, type AccountSource, type Target } from '../scope';

/** A seat counts as used when it was used within this many days. */
export const SEAT_USAGE_DAYS = 30;

export interface UnusedSeat {
  /** A name, or the id of someone the bot does not know (e.g. "ext-06"). */
  user: string;
  lastUsed: string | null;
}

export interface SeatUsageRow {
  subscription: string;
  product: string;
  team: string;
  seats: number;
  assigned: number;
  usedLast30Days: number;
  /** Who used their seat in the last 30 days: users of the account by name, others counted. */
  usedBy: { named: string[]; others: number };
  notUsed: UnusedSeat[];
}

/** Assigned seats vs seats used in the last 30 days, per subscription; filter with `target.team`. Primary admin only. */
export function seatUsage(data: AccountSource, identity: Identity, now: Date, target: Target = {}): AccountReply<SeatUsageRow[]> {
  return forViewer(data, identity, (viewer) => {
    const decision = decide(viewer, 'see-usage-reports');
    if (!decision.allowed) return refused(decision);
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const since = addDays(dayOf(now), -SEAT_USAGE_DAYS);
    const rows = selected.map(({ subscription: s }): SeatUsageRow => {
      const seats = seatsOf(viewer.tenant, s.id);
      const isUnused = (seat: (typeof seats)[number]) => seat.lastUsed === null || seat.lastUsed < since;
      const unused = seats.filter(isUnused);
      return {
        subscription: s.id,
        product: s.product,
        team: teamName(viewer.tenant, s.team),
        seats: s.seats,
        assigned: seats.length,
        usedLast30Days: seats.length - unused.length,
        usedBy: peopleOf(viewer.tenant, seats.filter((seat) => !isUnused(seat)).map((seat) => seat.user)),
        notUsed: unused.map((seat) => ({ user: personName(viewer.tenant, seat.user), lastUsed: seat.lastUsed })),
      };
    });
    const lines = rows.map(seatUsageLine);
    return answer('seat-usage', rows, lines.length > 0 ? lines : ['There are no subscriptions in that team.']);
  });
}

function seatUsageLine(r: SeatUsageRow): string {
  const unused = r.notUsed.map((u) => `${u.user} (${u.lastUsed === null ? 'never used' : `last used ${formatDate(u.lastUsed)}`})`);
  const usedBy = r.usedLast30Days > 0 ? ` (${peopleList(r.usedBy)})` : '';
  const tail = unused.length > 0 ? `; not used: ${unused.join(', ')}` : '';
  return `${subscriptionLabel({ id: r.subscription, product: r.product })}, ${r.team} team: ${r.assigned} assigned, ${r.usedLast30Days} used in the last ${SEAT_USAGE_DAYS} days${usedBy}${tail}.`;
}

export interface TokenBalance {
  flex: string;
  team: string;
  purchased: number;
  used: number;
  remaining: number;
  expiresOn: string;
}

export interface TokenUsageReport {
  balances: TokenBalance[];
  /** Largest first. */
  byProduct: { product: string; tokens: number }[];
  byUser: { user: string; tokens: number }[];
  /** A Flex balance belongs to a team: its usage counts for that team. */
  byTeam: { team: string; tokens: number }[];
}

/** Flex token usage by product, user and team, with remaining balances; filter with `target.team`. Primary admin only. */
export function tokenUsage(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<TokenUsageReport> {
  return forViewer(data, identity, (viewer) => {
    const decision = decide(viewer, 'see-usage-reports');
    if (!decision.allowed) return refused(decision);
    const team = target.team === undefined ? undefined : findTeam(viewer.tenant, target.team);
    if (target.team !== undefined && !team) return notFound(target.team);
    const pools = viewer.tenant.flexTokens.filter((f) => !team || f.team === team.id);
    const uses = viewer.tenant.tokenUsage.filter((u) => pools.some((f) => f.id === u.flex));
    const poolTeam = (flexId: string): string => teamName(viewer.tenant, pools.find((f) => f.id === flexId)?.team ?? '');
    const report: TokenUsageReport = {
      balances: pools.map((f) => ({ flex: f.id, team: teamName(viewer.tenant, f.team), purchased: f.purchased, used: f.purchased - f.remaining, remaining: f.remaining, expiresOn: f.expiresOn })),
      byProduct: totals(uses.map((u) => [u.product, u.tokens])).map(([product, tokens]) => ({ product, tokens })),
      byUser: totals(uses.map((u) => [personName(viewer.tenant, u.user), u.tokens])).map(([user, tokens]) => ({ user, tokens })),
      byTeam: totals(uses.map((u) => [poolTeam(u.flex), u.tokens])).map(([name, tokens]) => ({ team: name, tokens })),
    };
    return answer('token-usage', report, tokenUsageLines(report));
  });
}

/** Sums per key, largest first, ties by key. */
function totals(entries: readonly (readonly [string, number])[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const [key, value] of entries) sums.set(key, (sums.get(key) ?? 0) + value);
  return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function tokenUsageLines(report: TokenUsageReport): string[] {
  if (report.balances.length === 0) return ['There are no Flex tokens here.'];
  const list = (rows: readonly (readonly [string, number])[]): string => rows.map(([name, tokens]) => `${name} ${tokens}`).join(', ');
  return [
    ...report.balances.map((b) => `Flex tokens ${b.flex}, ${b.team} team: ${b.used} of ${b.purchased} used, ${b.remaining} left, expiring ${formatDate(b.expiresOn)}.`),
    ...(report.byProduct.length > 0
      ? [
          `Tokens used by product: ${list(report.byProduct.map((r) => [r.product, r.tokens]))}.`,
          `By user: ${list(report.byUser.map((r) => [r.user, r.tokens]))}.`,
          `By team: ${list(report.byTeam.map((r) => [r.team, r.tokens]))}.`,
        ]
      : ['No tokens have been used yet.']),
  ];
}
