import { canManageRenewal, canSeeBilling, whoCan } from '../access';
import { addDays, dayOf } from '../calendar';
import { formatDate } from '../format';
import type { Identity, Viewer } from '../identity';
import { subscriptionLabel, type Holding } from '../lookup';
import { answer, type AccountReply } from '../reply';
import type { Contract, Reseller } from '../schema';
import { contractLabel, forViewer, nothingToShow, selectContracts, selectHoldings, type AccountSource, type Target } from '../scope';

/** How a subscription renews: by itself, by hand (auto-renew off), only by hand, or through its reseller. */
export type RenewalMethod = 'auto-renew' | 'manual' | 'manual-only' | 'reseller';

export interface RenewalRow {
  subscription: string;
  product: string;
  contract: string;
  renewalDate: string;
  autoRenew: boolean;
  renewsBy: RenewalMethod;
  /** The reseller's name, for reseller purchases. */
  reseller?: string;
  /** Only for viewers who may see the contract's billing. */
  paymentMethod?: string;
  /** How to reach the reseller, for viewers who may see the contract's billing. */
  resellerContact?: { email: string; phone: string };
}

export function renewalMethod(contract: Contract): RenewalMethod {
  if (contract.purchasedVia === 'reseller') return 'reseller';
  if (contract.renewal === 'manual-only') return 'manual-only';
  return contract.autoRenew ? 'auto-renew' : 'manual';
}

/** Renewal date, auto-renew and how each visible subscription renews. */
export function renewalStatus(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<RenewalRow[]> {
  return forViewer(data, identity, (viewer) => {
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const rows = selected.map((h) => renewalRow(viewer, h));
    return answer('renewal-status', rows, rows.length > 0 ? rows.map(renewalLine) : [nothingToShow(viewer)]);
  });
}

function renewalRow(viewer: Viewer, { subscription, contract }: Holding): RenewalRow {
  return {
    subscription: subscription.id,
    product: subscription.product,
    contract: contract.id,
    renewalDate: contract.renewalDate,
    autoRenew: contract.autoRenew,
    renewsBy: renewalMethod(contract),
    ...(contract.purchasedVia === 'reseller' ? { reseller: contract.reseller.name } : {}),
    ...(contract.purchasedVia === 'reseller' && canSeeBilling(viewer, contract) ? { resellerContact: { email: contract.reseller.email, phone: contract.reseller.phone } } : {}),
    ...(contract.purchasedVia === 'online' && canSeeBilling(viewer, contract) ? { paymentMethod: contract.paymentMethod } : {}),
  };
}

function renewalLine(row: RenewalRow): string {
  const what = `${subscriptionLabel({ id: row.subscription, product: row.product })}, on contract ${row.contract},`;
  const date = formatDate(row.renewalDate);
  const paid = row.paymentMethod ? ` It is paid with ${row.paymentMethod}.` : '';
  switch (row.renewsBy) {
    case 'auto-renew':
      return `${what} renews on ${date}. Auto-renew is on.${paid}`;
    case 'manual':
      return `${what} renews on ${date}. Auto-renew is off, so it must be renewed by hand before then.${paid}`;
    case 'manual-only':
      return `${what} expires on ${date} unless renewed. It can only be renewed manually (auto-renew is off).${paid}`;
    case 'reseller':
      return `${what} renews on ${date} through the reseller ${row.reseller ?? ''}. Auto-renew is ${row.autoRenew ? 'on' : 'off'}; the reseller manages its renewal${row.resellerContact ? ` (email ${row.resellerContact.email} or call ${row.resellerContact.phone})` : ''}.`;
  }
}

/** Early renewal opens this many days before the renewal date. */
export const EARLY_RENEWAL_DAYS = 90;

export function earlyRenewalOpens(contract: Contract): string {
  return addDays(contract.renewalDate, -EARLY_RENEWAL_DAYS);
}

/** Online contracts can be renewed early from 90 days before their renewal date. */
export function isEarlyRenewalOpen(contract: Contract, now: Date): boolean {
  return contract.purchasedVia === 'online' && dayOf(now) >= earlyRenewalOpens(contract);
}

export interface EarlyRenewalRow {
  contract: string;
  renewalDate: string;
  windowOpens: string;
  status: 'open' | 'not-yet' | 'through-reseller';
  /** Whether this viewer may renew it. */
  canRenew: boolean;
  /** The reseller to contact, for viewers who manage the contract. */
  reseller?: Reseller;
}

/** Whether each visible contract can be renewed early now and, if not, from which date. */
export function earlyRenewal(data: AccountSource, identity: Identity, now: Date, target: Target = {}): AccountReply<EarlyRenewalRow[]> {
  return forViewer(data, identity, (viewer) => {
    const contracts = selectContracts(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const rows = contracts.map((c) => ({ contract: c, row: earlyRenewalRow(viewer, c, now) }));
    const lines = rows.map(({ contract, row }) => earlyRenewalLine(viewer, contract, row));
    return answer('early-renewal', rows.map(({ row }) => row), lines.length > 0 ? lines : [nothingToShow(viewer)]);
  });
}

function earlyRenewalRow(viewer: Viewer, contract: Contract, now: Date): EarlyRenewalRow {
  const canRenew = canManageRenewal(viewer, contract);
  const status = contract.purchasedVia === 'reseller' ? 'through-reseller' : isEarlyRenewalOpen(contract, now) ? 'open' : 'not-yet';
  return {
    contract: contract.id,
    renewalDate: contract.renewalDate,
    windowOpens: earlyRenewalOpens(contract),
    status,
    canRenew,
    ...(contract.purchasedVia === 'reseller' && canRenew ? { reseller: contract.reseller } : {}),
  };
}

function earlyRenewalLine(viewer: Viewer, contract: Contract, row: EarlyRenewalRow): string {
  const what = `${capitalize(contractLabel(viewer, contract))} renews on ${formatDate(contract.renewalDate)}`;
  const who = row.canRenew ? '' : ` ${whoCan(viewer.tenant, 'manage-renewal', [contract])} can do it.`;
  switch (row.status) {
    case 'open':
      return `${what}: it can be renewed early now (the 90-day window opened on ${formatDate(row.windowOpens)}).${who}`;
    case 'not-yet':
      return `${what}: early renewal will be possible from ${formatDate(row.windowOpens)}, 90 days before the renewal date.${who}`;
    case 'through-reseller':
      return `${what}. It was bought through a reseller, so only the reseller can renew it early: ${resellerContact(row.reseller, contract)}.${who}`;
  }
}

/** The reseller's name, plus email and phone when the viewer may have them. */
export function resellerContact(shown: Reseller | undefined, contract: Contract): string {
  if (shown) return `${shown.name}, ${shown.email}, ${shown.phone}`;
  return contract.purchasedVia === 'reseller' ? contract.reseller.name : 'the reseller';
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
