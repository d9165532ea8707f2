import { canSeeBilling, canSeeSubscription, decide, whoCan } from '../access';
import { formatDate, formatMoney, listOf, plural } from '../format';
import { isAdmin, type Identity, type Viewer } from '../identity';
import { seatsOf, subscriptionLabel, teamName, type Holding } from '../lookup';
import { answer, refused, type AccountReply } from '../reply';
import type { Contract } from '../schema';
import { contractLabel, forViewer, namesContract, nothingToShow, selectContracts, selectHoldings, visibleContracts, type AccountSource, type Target } from '../scope';
import { capitalize, renewalMethod } from './renewals';

/**
 * What the customer has: subscriptions and products, contracts, what a renewal costs and the reseller to
 * call. Every line shows only what the viewer's role may see; prices need Billing & Orders access.
 */

export interface HoldingRow {
  subscription: string;
  product: string;
  contract: string;
  seats: number;
  type: 'single-user' | 'multi-user';
  team: string;
  renewalDate: string;
}

/** Which subscriptions (products) the viewer can see, with seats, team and renewal date. */
export function subscriptionList(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<HoldingRow[]> {
  return forViewer(data, identity, (viewer) => {
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const rows = selected.map((h) => holdingRow(viewer, h));
    const intro = viewer.role === 'user' ? 'You hold a seat on these subscriptions:' : `Your company has ${plural(rows.length, 'subscription')}:`;
    const lines = rows.map((row) => `${subscriptionLabel({ id: row.subscription, product: row.product })}: ${plural(row.seats, 'seat')}${row.type === 'single-user' ? ' (single-user)' : ''}, team ${row.team}, contract ${row.contract}, renews ${formatDate(row.renewalDate)}.`);
    const note = othersNote(viewer, target);
    return answer('subscriptions', rows, rows.length > 0 ? [intro, ...lines, ...note] : [nothingToShow(viewer), ...note]);
  });
}

/** A user asked for the whole list sees their own seats only: say so, and who sees the rest. */
function othersNote(viewer: Viewer, target: Target): string[] {
  const whole = !namesContract(target) && target.team === undefined;
  const unseen = viewer.tenant.contracts.some((c) => c.subscriptions.some((s) => !canSeeSubscription(viewer, s)));
  return whole && unseen ? [`The company's other subscriptions are shown to its admins: ${whoCan(viewer.tenant, 'see-subscription')}.`] : [];
}

function holdingRow(viewer: Viewer, { subscription, contract }: Holding): HoldingRow {
  return {
    subscription: subscription.id,
    product: subscription.product,
    contract: contract.id,
    seats: subscription.seats,
    type: subscription.type,
    team: teamName(viewer.tenant, subscription.team),
    renewalDate: contract.renewalDate,
  };
}

export interface RenewalCost {
  contract: string;
  renewalDate: string;
  amount: number;
  items: { subscription: string; product: string; annualPrice: number }[];
}

/** What renewing costs, per contract and subscription, for the contracts whose billing the viewer may see. */
export function renewalCost(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<RenewalCost[]> {
  return forViewer(data, identity, (viewer) => {
    const contracts = selectContracts(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const named = namesContract(target);
    const hidden = contracts.filter((c) => !canSeeBilling(viewer, c));
    if (named && hidden[0]) return refused(priceRefusal(viewer, hidden[0]));
    const shown = contracts.filter((c) => canSeeBilling(viewer, c));
    if (shown.length === 0) return refused(priceRefusal(viewer));
    const costs = shown.map((c) => costOf(c, target));
    return answer('renewal-cost', costs, costs.map((cost, i) => costLine(viewer, shown[i] as Contract, cost)));
  });
}

function priceRefusal(viewer: Viewer, contract?: Contract): Extract<ReturnType<typeof decide>, { allowed: false }> {
  const decision = decide(viewer, 'see-billing', contract ? { contract: contract.id } : undefined);
  if (!decision.allowed) return decision;
  return { allowed: false, reason: "Prices are shown only with access to the contract's billing.", whoCan: whoCan(viewer.tenant, 'see-billing') };
}

function costOf(contract: Contract, target: Target): RenewalCost {
  const only = target.subscription;
  const subscriptions = contract.subscriptions.filter((s) => only === undefined || s.id === only);
  const items = subscriptions.map((s) => ({ subscription: s.id, product: s.product, annualPrice: s.annualPrice }));
  return { contract: contract.id, renewalDate: contract.renewalDate, amount: items.reduce((sum, i) => sum + i.annualPrice, 0), items };
}

function costLine(viewer: Viewer, contract: Contract, cost: RenewalCost): string {
  const items = cost.items.map((i) => `${subscriptionLabel({ id: i.subscription, product: i.product })} ${formatMoney(i.annualPrice)} a year`).join('; ');
  const when = formatDate(cost.renewalDate);
  const what = capitalize(contractLabel(viewer, contract));
  switch (renewalMethod(contract)) {
    case 'auto-renew':
      return `${what} renews on ${when} for ${formatMoney(cost.amount)} (${items}), charged automatically.`;
    case 'manual':
    case 'manual-only':
      return `${what} costs ${formatMoney(cost.amount)} to renew by hand before ${when} (${items}); nothing is charged automatically.`;
    case 'reseller':
      return `${what} lists ${formatMoney(cost.amount)} a year (${items}); it renews on ${when} through the reseller, who sets the price you pay.`;
  }
}

export interface ResellerContact {
  contract: string;
  reseller: string;
  email?: string;
  phone?: string;
}

/** The reseller of each visible reseller contract; email and phone for those who manage its billing. */
export function resellerContacts(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<ResellerContact[]> {
  return forViewer(data, identity, (viewer) => {
    const contracts = selectContracts(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const rows: ResellerContact[] = [];
    const lines: string[] = [];
    for (const c of contracts) {
      if (c.purchasedVia !== 'reseller') continue;
      const full = canSeeBilling(viewer, c);
      rows.push({ contract: c.id, reseller: c.reseller.name, ...(full ? { email: c.reseller.email, phone: c.reseller.phone } : {}) });
      lines.push(
        full
          ? `${capitalize(contractLabel(viewer, c))} was bought through ${c.reseller.name}: email ${c.reseller.email} or call ${c.reseller.phone}.`
          : `${capitalize(contractLabel(viewer, c))} was bought through ${c.reseller.name}. ${whoCan(viewer.tenant, 'see-billing', [c])} has their contact details.`,
      );
    }
    if (rows.length === 0) lines.push(contracts.length > 0 ? `No reseller: ${contracts.length === 1 ? 'it was' : 'all of these were'} bought online, directly from the vendor.` : nothingToShow(viewer));
    // A user sees only the subscriptions they hold a seat on; the company may have bought others elsewhere.
    if (rows.length === 0 && !isAdmin(viewer)) lines.push(`That is for the subscriptions you hold a seat on; ${whoCan(viewer.tenant, 'see-subscription')} can see all of your company's contracts and how each was bought.`);
    return answer('reseller-contact', rows, lines);
  });
}

export interface ContractDetails {
  contract: string;
  purchasedVia: Contract['purchasedVia'];
  renewalDate: string;
  autoRenew: boolean;
  subscriptions: HoldingRow[];
}

/** A contract by id or product name: how it was bought, renewal, subscriptions, and billing for those who may see it. */
export function contractDetails(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<ContractDetails[]> {
  return forViewer(data, identity, (viewer) => {
    const contracts = target.subscription || target.contract || target.team ? selectContracts(viewer, target) : visibleContracts(viewer);
    if (!Array.isArray(contracts)) return contracts;
    const details = contracts.map((c) => detailsOf(viewer, c));
    const lines = contracts.map((c, i) => detailLine(viewer, c, details[i] as ContractDetails));
    return answer('contract-details', details, lines.length > 0 ? lines : [nothingToShow(viewer)]);
  });
}

function detailsOf(viewer: Viewer, contract: Contract): ContractDetails {
  const holdings = contract.subscriptions.filter((s) => canSeeSubscription(viewer, s));
  return {
    contract: contract.id,
    purchasedVia: contract.purchasedVia,
    renewalDate: contract.renewalDate,
    autoRenew: contract.autoRenew,
    subscriptions: holdings.map((s) => holdingRow(viewer, { subscription: s, contract })),
  };
}

function detailLine(viewer: Viewer, contract: Contract, details: ContractDetails): string {
  const bought = contract.purchasedVia === 'reseller' ? `bought through the reseller ${contract.reseller.name}` : 'bought online';
  const renews = `renews on ${formatDate(contract.renewalDate)}, auto-renew ${contract.autoRenew ? 'on' : 'off'}${contract.purchasedVia === 'online' && contract.renewal === 'manual-only' ? ' (manual renewal only)' : ''}`;
  const subscriptions = listOf(details.subscriptions.map((s) => `${subscriptionLabel({ id: s.subscription, product: s.product })} with ${plural(s.seats, 'seat')} (${s.team}, ${seatsOf(viewer.tenant, s.subscription).length} assigned)`));
  return `Contract ${contract.id}: ${bought}, ${renews}; ${subscriptions}.${canSeeBilling(viewer, contract) ? billingOf(contract) : ''}`;
}

/** What a contract costs a year and how it is paid, for a viewer who may see its billing. */
function billingOf(contract: Contract): string {
  const yearly = formatMoney(contract.subscriptions.reduce((sum, s) => sum + s.annualPrice, 0));
  if (contract.purchasedVia === 'reseller') return ` It lists at ${yearly} a year; the reseller sets the price you pay.`;
  return ` It costs ${yearly} a year, paid with ${contract.paymentMethod}.`;
}
