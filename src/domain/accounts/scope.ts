import { canSeeContract, canSeeSubscription, whoCan } from './access';
import { listOf } from './format';
import { viewerIn, type Identity, type Viewer } from './identity';
import { findContract, findHolding, findTeam, holdings, shortProductName, type Holding } from './lookup';
import { noAccount, notFound, type AccountReply, type NotFound } from './reply';
import type { Contract, Tenant } from './schema';

/** Where account answers read from: the current tenants (one stored document each). */
export interface AccountSource {
  readonly tenants: readonly Tenant[];
}

/** What an answer is about; ids or a team's name. Missing: everything the viewer can see. */
export interface Target {
  subscription?: string | undefined;
  contract?: string | undefined;
  team?: string | undefined;
  /** An order id ("O-9003"); a contract's order also sets its contract. */
  order?: string | undefined;
}

/** Whether the target names a subscription or contract, rather than asking about all of them. */
export function namesContract(target: Target): boolean {
  return target.subscription !== undefined || target.contract !== undefined;
}

/** Runs an answer for an identified customer, read afresh from `data`; anyone else gets the no-account reply. */
export function forViewer<T>(data: AccountSource, identity: Identity, body: (viewer: Viewer) => AccountReply<T>): AccountReply<T> {
  const viewer = viewerIn(data, identity);
  return viewer ? body(viewer) : noAccount();
}

export function visibleHoldings(viewer: Viewer): Holding[] {
  return holdings(viewer.tenant).filter((h) => canSeeSubscription(viewer, h.subscription));
}

export function visibleContracts(viewer: Viewer): Contract[] {
  return viewer.tenant.contracts.filter((c) => canSeeContract(viewer, c));
}

/** Why a list came back empty: the viewer holds no seat at all, or the target filtered everything out. */
export function nothingToShow(viewer: Viewer): string {
  if (visibleHoldings(viewer).length > 0) return 'None of the subscriptions you can see match that.';
  return `You don't hold a seat on any subscription, so there is none I can show you. ${whoCan(viewer.tenant, 'see-subscription')} can see all of your company's subscriptions.`;
}

/** The visible subscriptions a target names; not found when it names something the viewer cannot see. */
export function selectHoldings(viewer: Viewer, target: Target = {}): Holding[] | NotFound {
  let selected = visibleHoldings(viewer);
  if (target.subscription !== undefined) {
    const holding = findHolding(viewer.tenant, target.subscription);
    if (!holding || !canSeeSubscription(viewer, holding.subscription)) return notFound(target.subscription);
    selected = selected.filter((h) => h.subscription.id === holding.subscription.id);
  }
  if (target.contract !== undefined) {
    const contract = findContract(viewer.tenant, target.contract);
    if (!contract || !canSeeContract(viewer, contract)) return notFound(target.contract);
    selected = selected.filter((h) => h.contract.id === contract.id);
  }
  if (target.team !== undefined) {
    const team = findTeam(viewer.tenant, target.team);
    if (!team) return notFound(target.team);
    selected = selected.filter((h) => h.subscription.team === team.id);
  }
  return selected;
}

/**
 * "contract C-100 (AEC Collection and AutoCAD)", "contract C-110 (Product Design & Manufacturing Collection)":
 * only the subscriptions the viewer can see are named; short names when there are several.
 */
export function contractLabel(viewer: Viewer, contract: Contract): string {
  const products = contract.subscriptions.filter((s) => canSeeSubscription(viewer, s)).map((s) => s.product);
  return `contract ${contract.id} (${products.length === 1 ? products[0] : listOf(products.map(shortProductName))})`;
}

/** The visible contracts a target names (a subscription names its contract). */
export function selectContracts(viewer: Viewer, target: Target = {}): Contract[] | NotFound {
  const selected = selectHoldings(viewer, target);
  if (!Array.isArray(selected)) return selected;
  const ids = new Set(selected.map((h) => h.contract.id));
  return viewer.tenant.contracts.filter((c) => ids.has(c.id));
}
