import { isAdmin, type Viewer } from './identity';
import { listOf } from './format';
import { findContract, findHolding, holdsSeat } from './lookup';
import type { Contract, Tenant, User } from './schema';

/**
 * Who may see and do what. Every check resolves its target inside the viewer's own tenant, by id,
 * so an object (or id) from another tenant is never granted.
 */

/** Subscriptions, their renewal dates and teams: admins see all of the tenant's, users those they hold a seat on. */
export function canSeeSubscription(viewer: Viewer, subscription: { id: string }): boolean {
  const holding = findHolding(viewer.tenant, subscription.id);
  if (!holding) return false;
  return isAdmin(viewer) || holdsSeat(viewer.tenant, viewer.user.id, holding.subscription.id);
}

/** A contract is visible when at least one of its subscriptions is. */
export function canSeeContract(viewer: Viewer, contract: { id: string }): boolean {
  const found = findContract(viewer.tenant, contract.id);
  return found !== undefined && found.subscriptions.some((s) => canSeeSubscription(viewer, s));
}

/** Billing & Orders (payment method, upcoming payments, purchase history, prices): the primary admin, or a secondary admin for the contracts they manage. */
export function canSeeBilling(viewer: Viewer, contract: { id: string }): boolean {
  const found = findContract(viewer.tenant, contract.id);
  if (!found) return false;
  return viewer.role === 'primary-admin' || (viewer.role === 'secondary-admin' && found.contractManager === viewer.user.id);
}

/** Auto-renew on/off and early renewal follow the Billing & Orders rule. */
export function canManageRenewal(viewer: Viewer, contract: { id: string }): boolean {
  return canSeeBilling(viewer, contract);
}

/** Flex tokens have no contract manager: their orders are the primary admin's. */
export function canSeeFlexBilling(viewer: Viewer): boolean {
  return viewer.role === 'primary-admin';
}

/** Moving subscriptions between teams and unassigning seats. */
export function canManageTeams(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

export function canSeeInsights(viewer: Viewer): boolean {
  return isAdmin(viewer);
}

/** Seat Usage and Token Usage reports. */
export function canSeeUsageReports(viewer: Viewer): boolean {
  return viewer.role === 'primary-admin';
}

/** Upcoming expirations of Flex tokens and single-user subscriptions. */
export function canSeeUpcomingExpirations(viewer: Viewer): boolean {
  return viewer.role === 'primary-admin';
}

/** Contracts whose billing the viewer may see, in data order. */
export function billableContracts(viewer: Viewer): Contract[] {
  return viewer.tenant.contracts.filter((c) => canSeeBilling(viewer, c));
}

export const permissions = [
  'see-subscription',
  'see-billing',
  'manage-renewal',
  'manage-teams',
  'see-insights',
  'see-usage-reports',
  'see-expirations',
] as const;
export type Permission = (typeof permissions)[number];

export type AccessTarget = { contract: string } | { subscription: string };

export type Decision = { allowed: true } | { allowed: false; reason: string; whoCan: string };

const REASONS: Record<Permission, string> = {
  'see-subscription': 'Users see only the subscriptions they hold a seat on; admins see all of them.',
  'see-billing': "Billing and orders (payment method, upcoming payments, purchase history and prices) are shown only to the primary admin and to a contract's contract manager.",
  'manage-renewal': "Only the primary admin and the contract's contract manager can change auto-renew or renew early.",
  'manage-teams': 'Only admins can move subscriptions between teams or unassign seats.',
  'see-insights': 'Insights are available to primary and secondary admins.',
  'see-usage-reports': 'Seat Usage and Token Usage reports are available to the primary admin.',
  'see-expirations': 'Upcoming expiration notices are for the primary admin.',
};

/**
 * Allows or refuses a permission, optionally on a contract or subscription. A refusal says why in
 * general terms (never the data itself) and names who can. A contract permission without a target
 * asks whether the viewer has it for at least one contract (e.g. to show the Billing & Orders menu).
 */
export function decide(viewer: Viewer, permission: Permission, target?: AccessTarget): Decision {
  const contract = target ? contractOf(viewer.tenant, target) : undefined;
  if (target && !contract) return { allowed: false, reason: "That isn't in your account.", whoCan: '' };
  if (allowed(viewer, permission, target, contract)) return { allowed: true };
  const inQuestion = contract ? [contract] : viewer.tenant.contracts.filter((c) => canSeeContract(viewer, c));
  return { allowed: false, reason: REASONS[permission], whoCan: whoCan(viewer.tenant, permission, inQuestion) };
}

function allowed(viewer: Viewer, permission: Permission, target: AccessTarget | undefined, contract: Contract | undefined): boolean {
  switch (permission) {
    case 'see-subscription':
      if (target && 'subscription' in target) return canSeeSubscription(viewer, { id: target.subscription });
      return contract ? canSeeContract(viewer, contract) : true;
    case 'see-billing':
    case 'manage-renewal':
      return contract ? canSeeBilling(viewer, contract) : billableContracts(viewer).length > 0;
    case 'manage-teams':
      return canManageTeams(viewer);
    case 'see-insights':
      return canSeeInsights(viewer);
    case 'see-usage-reports':
      return canSeeUsageReports(viewer);
    case 'see-expirations':
      return canSeeUpcomingExpirations(viewer);
  }
}

function contractOf(tenant: Tenant, target: AccessTarget): Contract | undefined {
  return 'contract' in target ? findContract(tenant, target.contract) : findHolding(tenant, target.subscription)?.contract;
}

/**
 * "Ana Ruiz (primary admin) or Ben Okafor (contract manager of C-200)". For contract permissions,
 * `contracts` are the ones in question (the target, or what the viewer can see); their managers are named.
 */
export function whoCan(tenant: Tenant, permission: Permission, contracts: readonly Contract[] = tenant.contracts): string {
  const primaries = tenant.users.filter((u) => u.roles.includes('primary-admin'));
  const secondaries = tenant.users.filter((u) => !u.roles.includes('primary-admin') && u.roles.includes('secondary-admin'));
  const named = (users: readonly User[], role: string): string[] => users.map((u) => `${u.name} (${role})`);
  switch (permission) {
    case 'see-billing':
    case 'manage-renewal': {
      const managers = secondaries.flatMap((u) => {
        const managed = contracts.filter((c) => c.contractManager === u.id).map((c) => c.id);
        return managed.length > 0 ? [`${u.name} (contract manager of ${listOf(managed)})`] : [];
      });
      return listOf([...named(primaries, 'primary admin'), ...managers], 'or');
    }
    case 'see-subscription':
    case 'manage-teams':
    case 'see-insights':
      return listOf([...named(primaries, 'primary admin'), ...named(secondaries, 'secondary admin')], 'or');
    case 'see-usage-reports':
    case 'see-expirations':
      return listOf(named(primaries, 'primary admin'), 'or');
  }
}
