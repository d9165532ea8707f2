import type { Contract, Subscription, Tenant } from '../schema';

/** Immutable edits of a tenant document: each returns a new tenant and leaves the given one as it was. */

export function updateContract(tenant: Tenant, contractId: string, change: (contract: Contract) => Contract): Tenant {
  return { ...tenant, contracts: tenant.contracts.map((c) => (c.id === contractId ? change(c) : c)) };
}

export function updateSubscription(tenant: Tenant, subscriptionId: string, change: (subscription: Subscription) => Subscription): Tenant {
  return {
    ...tenant,
    contracts: tenant.contracts.map((c) =>
      c.subscriptions.some((s) => s.id === subscriptionId) ? { ...c, subscriptions: c.subscriptions.map((s) => (s.id === subscriptionId ? change(s) : s)) } : c,
    ),
  };
}

export function removeSeat(tenant: Tenant, subscriptionId: string, userId: string): Tenant {
  return { ...tenant, seatAssignments: tenant.seatAssignments.filter((s) => !(s.subscription === subscriptionId && s.user === userId)) };
}

/** "O-9005" after "O-9004": one more than the highest order number of the tenant. */
export function nextOrderId(tenant: Tenant): string {
  const numbers = tenant.orders.map((o) => Number(/(\d+)$/.exec(o.id)?.[1] ?? 0));
  return `O-${Math.max(1000, ...numbers) + 1}`;
}
