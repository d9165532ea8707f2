import type { Contract, FlexTokens, SeatAssignment, Subscription, Team, Tenant } from './schema';

/** A subscription with the contract it was bought on. */
export interface Holding {
  subscription: Subscription;
  contract: Contract;
}

/** "s102", "S 102" and "S-102" name the same thing. */
export function canonicalId(raw: string): string {
  return raw.trim().toUpperCase().replace(/^([A-Z]+)[\s-]?(\d+)$/, '$1-$2');
}

export function sameId(a: string, b: string): boolean {
  return canonicalId(a) === canonicalId(b);
}

export function holdings(tenant: Tenant): Holding[] {
  return tenant.contracts.flatMap((contract) => contract.subscriptions.map((subscription) => ({ subscription, contract })));
}

export function findHolding(tenant: Tenant, subscriptionId: string): Holding | undefined {
  return holdings(tenant).find((h) => sameId(h.subscription.id, subscriptionId));
}

export function findContract(tenant: Tenant, contractId: string): Contract | undefined {
  return tenant.contracts.find((c) => sameId(c.id, contractId));
}

export function findFlex(tenant: Tenant, flexId: string): FlexTokens | undefined {
  return tenant.flexTokens.find((f) => sameId(f.id, flexId));
}

/** By id ("t-field") or by name, ignoring case ("field ops"). */
export function findTeam(tenant: Tenant, idOrName: string): Team | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return tenant.teams.find((t) => t.id.toLowerCase() === wanted || t.name.toLowerCase() === wanted);
}

export function teamName(tenant: Tenant, teamId: string): string {
  return tenant.teams.find((t) => t.id === teamId)?.name ?? teamId;
}

/** A tenant user's name; people the bot does not know (e.g. "ext-01") are shown by their id. */
export function personName(tenant: Tenant, userId: string): string {
  return tenant.users.find((u) => u.id === userId)?.name ?? userId;
}

/**
 * The people among `userIds` by name, in the tenant's order of users, and how many others there are
 * (assignments of people outside the tenant's user list, shown only as a count).
 */
export function peopleOf(tenant: Tenant, userIds: readonly string[]): { named: string[]; others: number } {
  const ids = new Set(userIds);
  const named = tenant.users.filter((u) => ids.has(u.id)).map((u) => u.name);
  return { named, others: ids.size - named.length };
}

export function seatsOf(tenant: Tenant, subscriptionId: string): SeatAssignment[] {
  return tenant.seatAssignments.filter((s) => s.subscription === subscriptionId);
}

export function holdsSeat(tenant: Tenant, userId: string, subscriptionId: string): boolean {
  return tenant.seatAssignments.some((s) => s.user === userId && s.subscription === subscriptionId);
}

/** Short product names people use, e.g. "AEC Collection" for the Architecture, Engineering & Construction Collection. */
export function shortProductName(product: string): string {
  const collection = /^(.+?)\s+Collection$/.exec(product);
  const words = collection?.[1]?.split(/[\s,&]+/).filter(Boolean) ?? [];
  if (words.length < 2) return product;
  return `${words.map((w) => w[0]?.toUpperCase() ?? '').join('')} Collection`;
}

/** "AutoCAD (S-102)"; collections also carry their short name: "Architecture, … Collection (AEC Collection, S-101)". */
export function subscriptionLabel(subscription: Pick<Subscription, 'id' | 'product'>): string {
  const short = shortProductName(subscription.product);
  return short === subscription.product ? `${subscription.product} (${subscription.id})` : `${subscription.product} (${short}, ${subscription.id})`;
}
