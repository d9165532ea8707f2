import { billableContracts, canSeeBilling, canSeeContract, canSeeFlexBilling, decide, whoCan } from '../access';
import { formatDate, formatMoney, listOf } from '../format';
import type { Identity, Viewer } from '../identity';
import { sameId, shortProductName, teamName } from '../lookup';
import { answer, refused, type AccountReply, type NotFound, type Refused } from '../reply';
import type { Contract, OnlineContract, Order, Reseller, ResellerContract } from '../schema';
import { contractLabel, forViewer, namesContract, selectContracts, type AccountSource, type Target } from '../scope';
import { capitalize } from './renewals';

/**
 * Billing & Orders. Upcoming payments and purchase history exist only for online purchases;
 * a reseller bills its own customers, so for those the answer says so and names the reseller.
 */

/** The contracts a billing answer covers: the named one if the viewer may see its billing, else all they may. */
function billingScope(viewer: Viewer, target: Target): Contract[] | Refused | NotFound {
  if (!namesContract(target)) {
    const decision = decide(viewer, 'see-billing');
    return decision.allowed ? billableContracts(viewer) : refused(decision);
  }
  const contracts = selectContracts(viewer, target);
  if (!Array.isArray(contracts)) return contracts;
  for (const contract of contracts) {
    const decision = decide(viewer, 'see-billing', { contract: contract.id });
    if (!decision.allowed) return refused(decision);
  }
  return contracts;
}

/**
 * For a viewer who sees the billing of some contracts only (a contract manager), asked about all of them:
 * which contracts were left out and who can see them, so a short answer is not taken for the whole account.
 */
function unmanagedNote(viewer: Viewer, target: Target, what: string): string[] {
  if (namesContract(target)) return [];
  const hidden = viewer.tenant.contracts.filter((c) => canSeeContract(viewer, c) && !canSeeBilling(viewer, c));
  if (hidden.length === 0) return [];
  const ids = hidden.map((c) => c.id);
  return [`This shows only the contracts you manage: the ${what} of ${hidden.length === 1 ? 'contract' : 'contracts'} ${listOf(ids)} ${hidden.length === 1 ? 'is' : 'are'} for ${whoCan(viewer.tenant, 'see-billing', hidden)}.`];
}

export interface ResellerNote {
  contract: string;
  reseller: string;
}

function resellerNote(viewer: Viewer, contract: ResellerContract, what: string): string {
  return `${capitalize(contractLabel(viewer, contract))} was bought through the reseller ${contract.reseller.name}: ${what} exist only for subscriptions bought online, so the reseller bills you and keeps those records.`;
}

export interface PaymentLine {
  subscription: string;
  product: string;
  team: string;
  annualPrice: number;
}

export interface UpcomingPayment {
  contract: string;
  date: string;
  amount: number;
  paymentMethod: string;
  items: PaymentLine[];
}

export interface UpcomingPayments {
  payments: UpcomingPayment[];
  /** Online contracts with auto-renew off: nothing is charged unless someone renews. */
  notScheduled: string[];
  throughReseller: ResellerNote[];
}

/** The next automatic charge of each online contract, its amount, payment method and which teams the cost goes to. */
export function upcomingPayments(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<UpcomingPayments> {
  return forViewer(data, identity, (viewer) => {
    const contracts = billingScope(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const result: UpcomingPayments = { payments: [], notScheduled: [], throughReseller: [] };
    const lines: string[] = [];
    for (const contract of contracts) {
      if (contract.purchasedVia === 'reseller') {
        result.throughReseller.push({ contract: contract.id, reseller: contract.reseller.name });
        lines.push(resellerNote(viewer, contract, 'upcoming payments'));
      } else if (!contract.autoRenew) {
        result.notScheduled.push(contract.id);
        lines.push(`No payment is scheduled for ${contractLabel(viewer, contract)}: auto-renew is off, so nothing is charged unless it is renewed by hand (by ${formatDate(contract.renewalDate)}).`);
      } else {
        const payment = upcomingPayment(viewer, contract);
        result.payments.push(payment);
        lines.push(paymentLine(payment));
      }
    }
    return answer('upcoming-payments', result, [...lines, ...unmanagedNote(viewer, target, 'upcoming payments')]);
  });
}

function upcomingPayment(viewer: Viewer, contract: OnlineContract): UpcomingPayment {
  const items = contract.subscriptions.map((s) => ({ subscription: s.id, product: s.product, team: teamName(viewer.tenant, s.team), annualPrice: s.annualPrice }));
  return { contract: contract.id, date: contract.renewalDate, amount: items.reduce((sum, i) => sum + i.annualPrice, 0), paymentMethod: contract.paymentMethod, items };
}

function paymentLine(payment: UpcomingPayment): string {
  const items = payment.items.map((i) => `${shortProductName(i.product)} ${formatMoney(i.annualPrice)}, cost attributed to ${i.team}`).join('; ');
  return `${formatDate(payment.date)}: ${formatMoney(payment.amount)} for contract ${payment.contract} (${items}), charged to ${payment.paymentMethod}.`;
}

export interface PurchaseHistory {
  /** Newest first. */
  orders: Order[];
  throughReseller: ResellerNote[];
}

/**
 * Orders of the online contracts (and, for the primary admin, Flex tokens) the viewer may see the billing of;
 * `target.order` narrows them to one order.
 */
export function purchaseHistory(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<PurchaseHistory> {
  return forViewer(data, identity, (viewer) => {
    const contracts = billingScope(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const online = new Set(contracts.filter((c) => c.purchasedVia === 'online').map((c) => c.id));
    const named = namesContract(target);
    const onlineFlex = new Set(viewer.tenant.flexTokens.filter((f) => f.purchasedVia === 'online').map((f) => f.id));
    const withFlex = !named && canSeeFlexBilling(viewer);
    const flexOrder = target.order !== undefined && !named;
    if (flexOrder && !withFlex) return refused({ allowed: false, reason: FLEX_ORDERS, whoCan: whoCan(viewer.tenant, 'see-expirations') });
    const orders = viewer.tenant.orders
      .filter((o) => ('contract' in o ? online.has(o.contract) : withFlex && onlineFlex.has(o.flex)))
      .filter((o) => target.order === undefined || sameId(o.id, target.order))
      .sort((a, b) => b.date.localeCompare(a.date));
    const resellers = contracts.filter((c): c is ResellerContract => c.purchasedVia === 'reseller');
    const lines = [...orders.map(orderLine), ...resellers.map((c) => resellerNote(viewer, c, 'purchase history and order records'))];
    if (orders.length === 0 && resellers.length === 0) lines.push('There are no orders in your purchase history yet.');
    return answer('purchase-history', { orders, throughReseller: resellers.map((c) => ({ contract: c.id, reseller: c.reseller.name })) }, [...lines, ...unmanagedNote(viewer, target, 'orders')]);
  });
}

const FLEX_ORDERS = 'Flex token orders are shown only to the primary admin.';

function orderLine(order: Order): string {
  const of = 'contract' in order ? `contract ${order.contract}` : `Flex tokens ${order.flex}`;
  return `${formatDate(order.date)}: order ${order.id}, ${order.description}, ${formatMoney(order.total)} (${of}).`;
}

export type BillingDetails =
  | { contract: string; purchasedVia: 'online'; paymentMethod: string; whereToChange: string }
  | { contract: string; purchasedVia: 'reseller'; reseller: Reseller };

export const WHERE_TO_CHANGE_PAYMENT = 'Billing and Orders in the account portal, pick the subscription or upcoming payment and enter the new card';

/** The payment method on file and where to change it, or the reseller to contact. */
export function billingInfo(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<BillingDetails[]> {
  return forViewer(data, identity, (viewer) => {
    const contracts = billingScope(viewer, target);
    if (!Array.isArray(contracts)) return contracts;
    const details = contracts.map(billingDetails);
    return answer('billing-info', details, [...contracts.map((c) => billingLine(viewer, c)), ...unmanagedNote(viewer, target, 'payment details')]);
  });
}

function billingDetails(contract: Contract): BillingDetails {
  return contract.purchasedVia === 'online'
    ? { contract: contract.id, purchasedVia: 'online', paymentMethod: contract.paymentMethod, whereToChange: WHERE_TO_CHANGE_PAYMENT }
    : { contract: contract.id, purchasedVia: 'reseller', reseller: contract.reseller };
}

function billingLine(viewer: Viewer, contract: Contract): string {
  const what = capitalize(contractLabel(viewer, contract));
  if (contract.purchasedVia === 'online') return `${what} is paid with ${contract.paymentMethod}. To change it, open ${WHERE_TO_CHANGE_PAYMENT}.`;
  const r = contract.reseller;
  return `${what} was bought through ${r.name}, so its payment details can only be changed by the reseller: email ${r.email} or call ${r.phone}.`;
}
