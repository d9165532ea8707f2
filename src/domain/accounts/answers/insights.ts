import { decide } from '../access';
import { peopleList, plural } from '../format';
import type { Identity } from '../identity';
import { peopleOf, seatsOf, shortProductName, subscriptionLabel, teamName } from '../lookup';
import { answer, refused, type AccountReply } from '../reply';
import { forViewer, selectHoldings, type AccountSource, type Target } from '../scope';

export type SeatAssignmentState = 'over-assigned' | 'under-assigned' | 'fully-assigned';

export function seatAssignmentState(seats: number, assigned: number): SeatAssignmentState {
  if (assigned > seats) return 'over-assigned';
  return assigned < seats ? 'under-assigned' : 'fully-assigned';
}

export interface SubscriptionInsight {
  subscription: string;
  product: string;
  team: string;
  seats: number;
  assigned: number;
  state: SeatAssignmentState;
  /** Who the seats are assigned to: users of the account by name, others counted. */
  holders: { named: string[]; others: number };
  /** Set when the last renewal kept fewer seats than before: the usual cause of over-assignment. */
  partialRenewal?: { from: number; to: number };
}

export interface TeamInsight {
  team: string;
  seats: number;
  assigned: number;
  overAssigned: string[];
  underAssigned: string[];
}

export interface Insights {
  /** Over-assigned first, then under-assigned, then fully assigned. */
  subscriptions: SubscriptionInsight[];
  teams: TeamInsight[];
}

const ORDER: Record<SeatAssignmentState, number> = { 'over-assigned': 0, 'under-assigned': 1, 'fully-assigned': 2 };

/** Seats vs assigned users per subscription and team. Admins only. */
export function insights(data: AccountSource, identity: Identity, _now: Date, target: Target = {}): AccountReply<Insights> {
  return forViewer(data, identity, (viewer) => {
    const decision = decide(viewer, 'see-insights');
    if (!decision.allowed) return refused(decision);
    const selected = selectHoldings(viewer, target);
    if (!Array.isArray(selected)) return selected;
    const subscriptions = selected
      .map(({ subscription: s }): SubscriptionInsight => {
        const seats = seatsOf(viewer.tenant, s.id);
        const assigned = seats.length;
        const holders = peopleOf(viewer.tenant, seats.map((seat) => seat.user));
        const partial = s.previousSeats !== undefined && s.previousSeats > s.seats ? { partialRenewal: { from: s.previousSeats, to: s.seats } } : {};
        return { subscription: s.id, product: s.product, team: teamName(viewer.tenant, s.team), seats: s.seats, assigned, state: seatAssignmentState(s.seats, assigned), holders, ...partial };
      })
      .sort((a, b) => ORDER[a.state] - ORDER[b.state]);
    const result = { subscriptions, teams: teamInsights(subscriptions) };
    // "Any over-assignment?": the answer to that comes first.
    const summary = subscriptions.length > 0 && !subscriptions.some((s) => s.state === 'over-assigned') ? ['No subscription is over-assigned.'] : [];
    return answer('insights', result, [...summary, ...subscriptions.map(insightLine), ...result.teams.map(teamLine)]);
  });
}

function teamInsights(subscriptions: readonly SubscriptionInsight[]): TeamInsight[] {
  const teams = [...new Set(subscriptions.map((s) => s.team))].sort();
  return teams.map((team) => {
    const own = subscriptions.filter((s) => s.team === team);
    const named = (state: SeatAssignmentState): string[] => own.filter((s) => s.state === state).map((s) => shortProductName(s.product));
    return {
      team,
      seats: own.reduce((sum, s) => sum + s.seats, 0),
      assigned: own.reduce((sum, s) => sum + s.assigned, 0),
      overAssigned: named('over-assigned'),
      underAssigned: named('under-assigned'),
    };
  });
}

function insightLine(i: SubscriptionInsight): string {
  const holders = i.assigned > 0 ? ` Assigned to ${peopleList(i.holders)}.` : '';
  return stateLine(i) + holders;
}

function stateLine(i: SubscriptionInsight): string {
  const what = `${subscriptionLabel({ id: i.subscription, product: i.product })}, ${i.team} team,`;
  switch (i.state) {
    case 'over-assigned': {
      const why = i.partialRenewal
        ? ` This follows a partial renewal from ${i.partialRenewal.from} seats to ${i.partialRenewal.to}: users keep access until an admin chooses who should lose it.`
        : '';
      return `${what} is over-assigned by ${i.assigned - i.seats}: ${plural(i.assigned, 'user')} on ${plural(i.seats, 'seat')}.${why}`;
    }
    case 'under-assigned':
      return `${what} is under-assigned: ${i.assigned} of ${plural(i.seats, 'seat')} assigned, ${i.seats - i.assigned} free.`;
    case 'fully-assigned':
      return `${what} is fully assigned: ${i.assigned} of ${plural(i.seats, 'seat')}, none free and not over-assigned.`;
  }
}

function teamLine(t: TeamInsight): string {
  const notes = [
    ...(t.overAssigned.length > 0 ? [`over-assigned: ${t.overAssigned.join(', ')}`] : []),
    ...(t.underAssigned.length > 0 ? [`under-assigned: ${t.underAssigned.join(', ')}`] : []),
  ];
  return `${t.team} team: ${plural(t.assigned, 'user')} assigned to ${plural(t.seats, 'seat')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}.`;
}
