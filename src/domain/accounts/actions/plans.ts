import { canSeeContract, canSeeSubscription, decide, type Permission } from '../access';
import { addYears, dayOf } from '../calendar';
import { formatDate, formatMoney, listOf } from '../format';
import type { Viewer } from '../identity';
import { findContract, findHolding, findTeam, personName, seatsOf, shortProductName, subscriptionLabel, teamName, type Holding } from '../lookup';
import { notFound, refused } from '../reply';
import type { Contract, ResellerContract, Tenant } from '../schema';
import { contractLabel } from '../scope';
import { capitalize, earlyRenewalOpens, isEarlyRenewalOpen } from '../answers/renewals';
import type { ActionRequest, AuditValues, Blocked, NotPossible } from './request';
import { nextOrderId, removeSeat, updateContract, updateSubscription } from './tenant-changes';

/** What an action will do, checked against access and the account's rules, ready to confirm or apply. */
export interface Plan {
  title: string;
  target: string;
  /** For the confirmation card: what will change, before → after. */
  lines: string[];
  /** Once applied. */
  done: string[];
  before: AuditValues;
  after: AuditValues;
  change: (tenant: Tenant) => Tenant;
}

export function plan(viewer: Viewer, now: Date, request: ActionRequest): Plan | Blocked {
  switch (request.kind) {
    case 'set-auto-renew':
      return planAutoRenew(viewer, request.target, request.on);
    case 'renew-early':
      return planEarlyRenewal(viewer, now, request.target);
    case 'move-subscription':
      return planMove(viewer, request.target, request.team);
    case 'unassign-contract-manager-seat':
      return planUnassign(viewer, request.target);
  }
}

/** A contract by its id or by one of its subscriptions' ids, if the viewer can see it, and may act on it. */
function actionableContract(viewer: Viewer, target: string, permission: Permission): Contract | Blocked {
  const holding = findHolding(viewer.tenant, target);
  const contract = holding && canSeeSubscription(viewer, holding.subscription) ? holding.contract : findContract(viewer.tenant, target);
  if (!contract || !canSeeContract(viewer, contract)) return notFound(target);
  const decision = decide(viewer, permission, { contract: contract.id });
  return decision.allowed ? contract : refused(decision);
}

function actionableHolding(viewer: Viewer, target: string): Holding | Blocked {
  const holding = findHolding(viewer.tenant, target);
  if (!holding || !canSeeSubscription(viewer, holding.subscription)) return notFound(target);
  const decision = decide(viewer, 'manage-teams');
  return decision.allowed ? holding : refused(decision);
}

function notPossible(reason: string, extra: Omit<NotPossible, 'kind' | 'reason' | 'lines'> = {}, more: string[] = []): NotPossible {
  return { kind: 'not-possible', reason, lines: [reason, ...more], ...extra };
}

function throughReseller(contract: ResellerContract, what: string): NotPossible {
  const r = contract.reseller;
  return notPossible(`Contract ${contract.id} was bought through ${r.name}, so ${what} can't be done online: the reseller handles it.`, { reseller: r }, [
    `Contact ${r.name}: email ${r.email} or call ${r.phone}.`,
  ]);
}

function planAutoRenew(viewer: Viewer, target: string, on: boolean): Plan | Blocked {
  const contract = actionableContract(viewer, target, 'manage-renewal');
  if ('kind' in contract) return contract;
  if (contract.purchasedVia === 'reseller') return throughReseller(contract, `turning auto-renew ${on ? 'on' : 'off'}`);
  if (on && contract.renewal === 'manual-only') return notPossible(`${capitalize(contractLabel(viewer, contract))} can only be renewed manually, so auto-renew can't be turned on.`);
  const state = (value: boolean): string => (value ? 'on' : 'off');
  if (contract.autoRenew === on) return notPossible(`Auto-renew is already ${state(on)} for ${contractLabel(viewer, contract)}.`);
  const what = contractLabel(viewer, contract);
  const amount = contract.subscriptions.reduce((sum, s) => sum + s.annualPrice, 0);
  const consequence = on
    ? `On ${formatDate(contract.renewalDate)}, ${formatMoney(amount)} will be charged to ${contract.paymentMethod}.`
    : `Nothing will be charged automatically: renew by hand before ${formatDate(contract.renewalDate)} to keep the subscriptions.`;
  return {
    title: `Turn auto-renew ${state(on)}`,
    target: contract.id,
    lines: [
      `Auto-renew for ${what}: ${state(!on)} → ${state(on)}.`,
      `It applies to every subscription on the contract: ${listOf(contract.subscriptions.map((s) => shortProductName(s.product)))}.`,
      consequence,
    ],
    done: [`Auto-renew is now ${state(on)} for ${what}.`, consequence],
    before: { autoRenew: !on },
    after: { autoRenew: on },
    change: (tenant) => updateContract(tenant, contract.id, (c) => ({ ...c, autoRenew: on })),
  };
}

function planEarlyRenewal(viewer: Viewer, now: Date, target: string): Plan | Blocked {
  const contract = actionableContract(viewer, target, 'manage-renewal');
  if ('kind' in contract) return contract;
  if (contract.purchasedVia === 'reseller') return throughReseller(contract, 'early renewal');
  const what = contractLabel(viewer, contract);
  if (!isEarlyRenewalOpen(contract, now)) {
    const opens = earlyRenewalOpens(contract);
    return notPossible(`${capitalize(what)} can be renewed early from ${formatDate(opens)}, 90 days before its renewal date (${formatDate(contract.renewalDate)}).`, { from: opens });
  }
  const renewed = addYears(contract.renewalDate, 1);
  const total = contract.subscriptions.reduce((sum, s) => sum + s.annualPrice, 0);
  const description = `Early renewal: ${contract.subscriptions.map((s) => `${shortProductName(s.product)} x${s.seats}`).join(', ')}`;
  const orderId = nextOrderId(viewer.tenant);
  return {
    title: 'Renew early',
    target: contract.id,
    lines: [
      `Renew ${what} early: renewal date ${formatDate(contract.renewalDate)} → ${formatDate(renewed)}.`,
      `${formatMoney(total)} will be charged to ${contract.paymentMethod}, and the order will appear in your purchase history.`,
    ],
    done: [`${capitalize(what)} is renewed: it now renews on ${formatDate(renewed)}.`, `Order ${orderId}, ${formatMoney(total)}, is in your purchase history.`],
    before: { renewalDate: contract.renewalDate },
    after: { renewalDate: renewed, order: orderId, total },
    change: (tenant) => ({
      ...updateContract(tenant, contract.id, (c) => ({ ...c, renewalDate: renewed })),
      orders: [...tenant.orders, { id: orderId, date: dayOf(now), contract: contract.id, description, total }],
    }),
  };
}

function planMove(viewer: Viewer, target: string, destination: string): Plan | Blocked {
  const holding = actionableHolding(viewer, target);
  if ('kind' in holding) return holding;
  const team = findTeam(viewer.tenant, destination);
  if (!team) return notFound(destination);
  const { subscription } = holding;
  const from = teamName(viewer.tenant, subscription.team);
  if (team.id === subscription.team) return notPossible(`${subscriptionLabel(subscription)} is already in the ${team.name} team.`);
  return {
    title: 'Move to another team',
    target: subscription.id,
    lines: [
      `Move ${subscriptionLabel(subscription)}: team ${from} → ${team.name}.`,
      `Its cost will be attributed to ${team.name}, and seats added later will go to ${team.name} too.`,
    ],
    done: [`${subscriptionLabel(subscription)} is now in the ${team.name} team.`],
    before: { team: from },
    after: { team: team.name },
    change: (tenant) => updateSubscription(tenant, subscription.id, (s) => ({ ...s, team: team.id })),
  };
}

function planUnassign(viewer: Viewer, target: string): Plan | Blocked {
  const holding = actionableHolding(viewer, target);
  if ('kind' in holding) return holding;
  const { subscription, contract } = holding;
  const manager = personName(viewer.tenant, contract.contractManager);
  const seats = seatsOf(viewer.tenant, subscription.id);
  const seat = seats.find((s) => s.user === contract.contractManager);
  if (!seat) return notPossible(`${manager}, the contract manager, holds no seat on ${subscriptionLabel(subscription)}.`);
  if (seat.lastUsed !== null) {
    return notPossible(`${manager}'s seat on ${subscriptionLabel(subscription)} was used on ${formatDate(seat.lastUsed)}, so it isn't an unused seat. An admin can still unassign it in the account portal.`);
  }
  return {
    title: 'Unassign the unused seat',
    target: subscription.id,
    lines: [
      `Unassign ${manager}'s seat on ${subscriptionLabel(subscription)}: it was assigned automatically to the contract manager and has never been used.`,
      `Seats assigned: ${seats.length} → ${seats.length - 1} of ${subscription.seats}.`,
    ],
    done: [`${manager}'s seat on ${subscriptionLabel(subscription)} is unassigned: ${seats.length - 1} of ${subscription.seats} seats are now assigned.`],
    before: { seat: manager, lastUsed: null },
    after: { seat: null },
    change: (tenant) => removeSeat(tenant, subscription.id, contract.contractManager),
  };
}
