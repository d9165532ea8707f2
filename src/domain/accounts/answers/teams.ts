import { canSeeBilling, decide, whoCan } from '../access';
import { formatDate, formatMoney, listOf, plural } from '../format';
import { isAdmin, type Identity } from '../identity';
import { personName, seatsOf, subscriptionLabel, teamName } from '../lookup';
import { answer, refused, type AccountReply } from '../reply';
import { forViewer, nothingToShow, selectContracts, selectHoldings, visibleContracts, type AccountSource, type Target } from '../scope';

export interface SubscriptionTeam {
  subscription: string;
  product: string;
  contract: string;
  team: string;
  seats: number;
  /** The team the subscription's cost is attributed to: always its own team. */
  costAttributedTo: string;
  /** Only for viewers who may see the contract's billing. */
  annualPrice?: number;
}

/** Which team each visible subscription belongs to, and so which team pays for it. */
export function subscriptionTeams(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<SubscriptionTeam[]> {
  return forViewer(data, identity, (viewer) => {
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const rows: SubscriptionTeam[] = selected.map(({ subscription, contract }) => ({
      subscription: subscription.id,
      product: subscription.product,
      contract: contract.id,
      team: teamName(viewer.tenant, subscription.team),
      seats: subscription.seats,
      costAttributedTo: teamName(viewer.tenant, subscription.team),
      ...(canSeeBilling(viewer, contract) ? { annualPrice: subscription.annualPrice } : {}),
    }));
    const lines = rows.map((r) => {
      const price = r.annualPrice === undefined ? '' : ` (${formatMoney(r.annualPrice)} a year)`;
      return `${subscriptionLabel({ id: r.subscription, product: r.product })}, with ${plural(r.seats, 'seat')}, belongs to the ${r.team} team, so its cost${price} is attributed to ${r.costAttributedTo}.`;
    });
    // A user sees only the subscriptions they hold a seat on; the company's other teams have others.
    const others = isAdmin(viewer) ? [] : [`That is for the subscriptions you hold a seat on; ${whoCan(viewer.tenant, 'see-subscription')} can see every team's subscriptions.`];
    return answer('subscription-teams', rows, lines.length > 0 ? [...lines, ...others] : [nothingToShow(viewer)]);
  });
}

export interface AddedSeatsTeam {
  subscription: string;
  product: string;
  team: string;
}

/** Seats added to a subscription stay in the subscription's team. */
export function addedSeats(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<AddedSeatsTeam[]> {
  return forViewer(data, identity, (viewer) => {
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const rows = selected.map(({ subscription }) => ({ subscription: subscription.id, product: subscription.product, team: teamName(viewer.tenant, subscription.team) }));
    const lines = rows.map((r) => `Seats added to ${subscriptionLabel({ id: r.subscription, product: r.product })} stay in its team, ${r.team}, with the rest of the subscription.`);
    return answer('added-seats', rows, lines.length > 0 ? lines : [nothingToShow(viewer)]);
  });
}

export interface ContractManagerSeat {
  contract: string;
  managerId: string;
  manager: string;
  subscription: string;
  product: string;
  lastUsed: string | null;
  neverUsed: boolean;
}

/** The seat each contract manager got automatically, flagged when it has never been used. Admins only. */
export function contractManagerSeat(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<ContractManagerSeat[]> {
  return forViewer(data, identity, (viewer) => {
    const decision = decide(viewer, 'manage-teams');
    if (!decision.allowed) return refused(decision);
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const rows = selected.flatMap(({ subscription, contract }) =>
      seatsOf(viewer.tenant, subscription.id)
        .filter((seat) => seat.user === contract.contractManager)
        .map((seat) => ({
          contract: contract.id,
          managerId: seat.user,
          manager: personName(viewer.tenant, seat.user),
          subscription: subscription.id,
          product: subscription.product,
          lastUsed: seat.lastUsed,
          neverUsed: seat.lastUsed === null,
        })),
    );
    const lines = rows.map((r) => {
      const seat = `${r.manager}, contract manager of ${r.contract}, was given a seat on ${subscriptionLabel({ id: r.subscription, product: r.product })}`;
      return r.lastUsed === null ? `${seat} automatically and has never used it: unassign it to free the seat for someone who needs it.` : `${seat}; it was last used on ${formatDate(r.lastUsed)}.`;
    });
    return answer('contract-manager-seat', rows, lines.length > 0 ? lines : ['No contract manager holds a seat on these subscriptions.']);
  });
}

export interface AccountPeople {
  primaryAdmins: string[];
  secondaryAdmins: string[];
  /** Per contract the viewer can see: who bought it. */
  contractManagers: { contract: string; manager: string }[];
}

/** Who the admins and contract managers are. Every identified customer may ask. */
export function admins(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<AccountPeople> {
  return forViewer(data, identity, (viewer) => {
    const contracts = target.contract !== undefined || target.subscription !== undefined ? selectContracts(viewer, target) : visibleContracts(viewer);
    if (!Array.isArray(contracts)) return contracts;
    const users = viewer.tenant.users;
    const people: AccountPeople = {
      primaryAdmins: users.filter((u) => u.roles.includes('primary-admin')).map((u) => u.name),
      secondaryAdmins: users.filter((u) => !u.roles.includes('primary-admin') && u.roles.includes('secondary-admin')).map((u) => u.name),
      contractManagers: contracts.map((c) => ({ contract: c.id, manager: personName(viewer.tenant, c.contractManager) })),
    };
    return answer('admins', people, peopleLines(people));
  });
}

function peopleLines(people: AccountPeople): string[] {
  const byManager = new Map<string, string[]>();
  for (const { contract, manager } of people.contractManagers) byManager.set(manager, [...(byManager.get(manager) ?? []), contract]);
  const managers = [...byManager].map(([manager, contracts]) => `${manager} for ${listOf(contracts)}`);
  return [
    `Primary admin: ${listOf(people.primaryAdmins)}.`,
    people.secondaryAdmins.length > 0 ? `Secondary admins: ${listOf(people.secondaryAdmins)}.` : 'There are no secondary admins.',
    ...(managers.length > 0 ? [`Contract managers (the person who bought each contract): ${managers.join('; ')}.`] : []),
  ];
}
