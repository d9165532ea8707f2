import type { ActionRequest } from '../actions';
import type { Identity } from '../identity';
import type { AccountReply } from '../reply';
import type { AccountSource, Target } from '../scope';
import type { AccountIntent } from '../topics';
import { billingInfo, purchaseHistory, upcomingPayments } from './billing';
import { upcomingExpirations } from './expirations';
import { contractDetails, renewalCost, resellerContacts, subscriptionList } from './holdings';
import { insights } from './insights';
import { earlyRenewal, renewalStatus } from './renewals';
import { addedSeats, admins, contractManagerSeat, subscriptionTeams } from './teams';
import { SEAT_USAGE_DAYS, seatUsage, tokenUsage } from './usage';

/** Intents that change the account: they go through a confirmation card and `applyAction`. */
export const actionIntents = ['auto-renew-off', 'auto-renew-on', 'move-subscription', 'unassign-seat'] as const;
export type ActionIntent = (typeof actionIntents)[number];
export type AnswerIntent = Exclude<AccountIntent, ActionIntent>;

export type AnswerFunction = (data: AccountSource, identity: Identity, now: Date, target?: Target) => AccountReply<unknown>;

export const accountAnswers: Record<AnswerIntent, AnswerFunction> = {
  'renewal-status': renewalStatus,
  'auto-renew': renewalStatus,
  'early-renewal': earlyRenewal,
  'billing-info': billingInfo,
  'upcoming-payments': upcomingPayments,
  'purchase-history': purchaseHistory,
  'upcoming-expirations': (data, identity, now) => upcomingExpirations(data, identity, now),
  'subscription-teams': subscriptionTeams,
  'added-seats': addedSeats,
  'contract-manager-seat': contractManagerSeat,
  admins,
  insights,
  'seat-usage': seatUsage,
  'token-usage': tokenUsage,
  subscriptions: subscriptionList,
  'renewal-cost': renewalCost,
  'reseller-contact': resellerContacts,
  'contract-details': contractDetails,
};

export function isActionIntent(intent: AccountIntent): intent is ActionIntent {
  return (actionIntents as readonly string[]).includes(intent);
}

/**
 * Answers a read intent for whoever is asking; refusals, not-found and no-account come back as replies too.
 * A secondary admin refused the Seat Usage report gets what Insights shows them (seats and assignments) instead,
 * and who has the report.
 */
export function answerAccountQuestion(intent: AnswerIntent, data: AccountSource, identity: Identity, now: Date, target: Target = {}): AccountReply<unknown> {
  const reply = accountAnswers[intent](data, identity, now, target);
  if (intent !== 'seat-usage' || reply.kind !== 'refused') return reply;
  const seats = insights(data, identity, now, target);
  if (seats.kind !== 'answer') return reply;
  const report = `Whether each seat was used in the last ${SEAT_USAGE_DAYS} days is in the Seat Usage report, which is for the primary admin: ${reply.whoCan} can help with it.`;
  return { ...seats, lines: [...seats.lines, report] };
}

/**
 * The request a confirmation card carries for an action intent (and for "Renew early" under an
 * early-renewal answer); undefined when the target is not specific enough yet, so the dialog asks.
 */
export function actionRequestFor(intent: ActionIntent | 'early-renewal', requestId: string, target: Target): ActionRequest | undefined {
  const subscriptionOrContract = target.subscription ?? target.contract;
  switch (intent) {
    case 'auto-renew-off':
    case 'auto-renew-on':
      return subscriptionOrContract === undefined ? undefined : { id: requestId, kind: 'set-auto-renew', target: subscriptionOrContract, on: intent === 'auto-renew-on' };
    case 'early-renewal':
      return subscriptionOrContract === undefined ? undefined : { id: requestId, kind: 'renew-early', target: subscriptionOrContract };
    case 'move-subscription':
      return target.subscription === undefined || target.team === undefined ? undefined : { id: requestId, kind: 'move-subscription', target: target.subscription, team: target.team };
    case 'unassign-seat':
      return target.subscription === undefined ? undefined : { id: requestId, kind: 'unassign-contract-manager-seat', target: target.subscription };
  }
}
