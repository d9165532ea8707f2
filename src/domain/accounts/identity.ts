import type { Agent, Analyst, Tenant, User } from './schema';

/** What a customer may do depends on this, plus whether they manage a given contract. */
export type Role = 'primary-admin' | 'secondary-admin' | 'user';

/** An identified customer: every account answer and action is scoped to `tenant`. */
export interface Viewer {
  kind: 'customer';
  tenant: Tenant;
  user: User;
  role: Role;
}

export type Identity = Viewer | { kind: 'agent'; agent: Agent } | { kind: 'anonymous' };

/** Who sent the activity, as the channel tells it. */
export interface Sender {
  channelId: string;
  /** `from.id` */
  fromId: string;
  /** `from.aadObjectId` (Teams) */
  aadObjectId?: string | undefined;
  /** `channelData.tenant.id` or `conversation.tenantId` (Teams) */
  tenantId?: string | undefined;
}

/** Tenants, agents and analysts: who the account data knows. */
export interface Directory {
  readonly tenants: readonly Tenant[];
  readonly agents: readonly Agent[];
  /** They may read the analytics; in a chat they are nobody special (no account data, no cases). */
  readonly analysts: readonly Analyst[];
}

export const TEAMS_CHANNEL = 'msteams';

/**
 * In Teams a person is their Azure AD object id, and a customer must also come from their own
 * Microsoft tenant; on other channels the channel user id is looked up in `channelUserIds`.
 */
export function identify(directory: Directory, who: Sender): Identity {
  const isPerson = (person: { aadObjectId?: string | undefined; channelUserIds: readonly string[] }): boolean =>
    who.channelId === TEAMS_CHANNEL
      ? who.aadObjectId !== undefined && person.aadObjectId === who.aadObjectId
      : person.channelUserIds.includes(who.fromId);

  const agent = directory.agents.find(isPerson);
  if (agent) return { kind: 'agent', agent };
  for (const tenant of directory.tenants) {
    if (who.channelId === TEAMS_CHANNEL && tenant.msTenantId !== who.tenantId) continue;
    const user = tenant.users.find(isPerson);
    if (user) return { kind: 'customer', tenant, user, role: roleOf(user) };
  }
  return { kind: 'anonymous' };
}

export function roleOf(user: User): Role {
  if (user.roles.includes('primary-admin')) return 'primary-admin';
  if (user.roles.includes('secondary-admin')) return 'secondary-admin';
  return 'user';
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role !== 'user';
}

/**
 * The viewer as of the given data: their tenant and user read afresh (after an action changed them),
 * or undefined when the identity is not a customer or no longer exists.
 */
export function viewerIn(data: { readonly tenants: readonly Tenant[] }, identity: Identity): Viewer | undefined {
  if (identity.kind !== 'customer') return undefined;
  const tenant = data.tenants.find((t) => t.id === identity.tenant.id);
  const user = tenant?.users.find((u) => u.id === identity.user.id);
  return tenant && user ? { kind: 'customer', tenant, user, role: roleOf(user) } : undefined;
}
