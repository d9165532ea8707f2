import {
  accountAnswers,
  applyAction,
  canManageRenewal,
  canManageTeams,
  canSeeBilling,
  canSeeInsights,
  canSeeSubscription,
  canSeeUsageReports,
  decide,
  type ActionRequest,
  type AnswerIntent,
  type Identity,
  type Target,
  type Viewer,
} from '../../../src/domain/accounts';
import { ana, ben, chloe, demo, dev, fay, NOW } from './demo';

/**
 * Every role against every read and action of the table. Each column is a person looking at
 * one contract: Ben once as the contract manager of C-200 and once as a non-manager of C-100; Fay
 * (Fabrikam) at Contoso's C-100. A cell is the kind of reply; `answer`, `applied` and `not-possible`
 * (the role may, the account's rules say no) are "allowed", `refused` and `not-found` are "denied".
 */
interface Column {
  name: string;
  who: Identity;
  contract: string;
  /** A subscription on that contract the person can name. */
  subscription: string;
  /** A team of the contract's tenant other than the subscription's. */
  otherTeam: string;
}

const columns: Column[] = [
  { name: 'Ana (primary admin) on C-100', who: ana, contract: 'C-100', subscription: 'S-102', otherTeam: 't-design' },
  { name: 'Ben (contract manager) on C-200', who: ben, contract: 'C-200', subscription: 'S-201', otherTeam: 't-design' },
  { name: 'Ben (not its manager) on C-100', who: ben, contract: 'C-100', subscription: 'S-102', otherTeam: 't-design' },
  { name: 'Chloe (secondary admin) on C-200', who: chloe, contract: 'C-200', subscription: 'S-201', otherTeam: 't-design' },
  { name: 'Dev (user) on C-100', who: dev, contract: 'C-100', subscription: 'S-101', otherTeam: 't-field' },
  { name: 'Fay (Fabrikam) on C-100', who: fay, contract: 'C-100', subscription: 'S-102', otherTeam: 't-design' },
];

type ReadCell = 'answer' | 'refused' | 'not-found';
type ActionCell = 'applied' | 'not-possible' | 'refused' | 'not-found';

const reads: [string, AnswerIntent, (c: Column) => Target, ReadCell[]][] = [
  //                                                                                       Ana       Ben CM     Ben other   Chloe      Dev          Fay
  ['subscriptions and renewal dates', 'renewal-status', (c) => ({ contract: c.contract }), ['answer', 'answer', 'answer', 'answer', 'answer', 'not-found']],
  ['early renewal eligibility', 'early-renewal', (c) => ({ contract: c.contract }), ['answer', 'answer', 'answer', 'answer', 'answer', 'not-found']],
  ['subscription teams', 'subscription-teams', (c) => ({ subscription: c.subscription }), ['answer', 'answer', 'answer', 'answer', 'answer', 'not-found']],
  ['where added seats go', 'added-seats', (c) => ({ subscription: c.subscription }), ['answer', 'answer', 'answer', 'answer', 'answer', 'not-found']],
  ['contract managers and admins', 'admins', (c) => ({ contract: c.contract }), ['answer', 'answer', 'answer', 'answer', 'answer', 'not-found']],
  ['billing info', 'billing-info', (c) => ({ contract: c.contract }), ['answer', 'answer', 'refused', 'refused', 'refused', 'not-found']],
  ['upcoming payments', 'upcoming-payments', (c) => ({ contract: c.contract }), ['answer', 'answer', 'refused', 'refused', 'refused', 'not-found']],
  ['purchase history', 'purchase-history', (c) => ({ contract: c.contract }), ['answer', 'answer', 'refused', 'refused', 'refused', 'not-found']],
  ['Insights', 'insights', (c) => ({ contract: c.contract }), ['answer', 'answer', 'answer', 'answer', 'refused', 'not-found']],
  ["contract manager's seat", 'contract-manager-seat', (c) => ({ contract: c.contract }), ['answer', 'answer', 'answer', 'answer', 'refused', 'not-found']],
  ['Seat Usage', 'seat-usage', (c) => ({ contract: c.contract }), ['answer', 'refused', 'refused', 'refused', 'refused', 'not-found']],
  ['Token Usage', 'token-usage', () => ({ team: 'Design' }), ['answer', 'refused', 'refused', 'refused', 'refused', 'not-found']],
  ['upcoming expirations', 'upcoming-expirations', () => ({}), ['answer', 'refused', 'refused', 'refused', 'refused', 'answer']],
];

const actions: [string, (c: Column) => ActionRequest, ActionCell[]][] = [
  //                                                                                                  Ana        Ben CM          Ben other  Chloe      Dev        Fay
  ['auto-renew off', (c) => ({ id: 'request-off-1', kind: 'set-auto-renew', target: c.contract, on: false }), ['applied', 'not-possible', 'refused', 'refused', 'refused', 'not-found']],
  ['auto-renew on', (c) => ({ id: 'request-on-1', kind: 'set-auto-renew', target: c.contract, on: true }), ['not-possible', 'not-possible', 'refused', 'refused', 'refused', 'not-found']],
  ['early renewal', (c) => ({ id: 'request-early-1', kind: 'renew-early', target: c.contract }), ['applied', 'not-possible', 'refused', 'refused', 'refused', 'not-found']],
  ['move subscription to a team', (c) => ({ id: 'request-move-1', kind: 'move-subscription', target: c.subscription, team: c.otherTeam }), ['applied', 'applied', 'applied', 'applied', 'refused', 'not-found']],
  ["unassign the contract manager's seat", (c) => ({ id: 'request-seat-1', kind: 'unassign-contract-manager-seat', target: c.subscription }), ['applied', 'not-possible', 'applied', 'not-possible', 'refused', 'not-found']],
];

const allowed = (kind: string): string => (['answer', 'applied', 'not-possible'].includes(kind) ? 'allowed' : 'denied');

const readCells = reads.flatMap(([read, intent, target, expected]) => columns.map((column, i) => [read, column.name, intent, target(column), column.who, expected[i]] as const));
const actionCells = actions.flatMap(([action, request, expected]) => columns.map((column, i) => [action, column.name, request(column), column.who, expected[i]] as const));

describe('reads', () => {
  test.each(readCells)('%s, %s', (_read, _column, intent, target, who, expected) => {
    const reply = accountAnswers[intent](demo, who, NOW, target);
    expect(`${reply.kind} (${allowed(reply.kind)})`).toBe(`${expected} (${allowed(expected ?? '')})`);
  });
});

describe('actions', () => {
  test.each(actionCells)('%s, %s', (_action, _column, request, who, expected) => {
    const outcome = applyAction(demo, who, NOW, request, new Set());
    expect(`${outcome.kind} (${allowed(outcome.kind)})`).toBe(`${expected} (${allowed(expected ?? '')})`);
  });
});

/** Fay's own words may come back ("I couldn't find "C-100""); nothing else of Contoso may. */
describe('nothing of Contoso reaches Fay, whatever she asks', () => {
  const withoutHerWords = (reply: unknown): string => JSON.stringify(reply).replace(/\\"(C-100|S-102|Design|t-design)\\"/g, '');
  const contosoFacts = /C-1\d\d|C-200|S-1\d\d|S-201|F-300|Ana|Ben|Chloe|Dev|Visa|Mastercard|Northwind|Civil|Revit|Field Ops|Design|January 15|\$46,875/;
  test.each([...reads.map(([read, intent, target]) => [read, () => accountAnswers[intent](demo, fay, NOW, target(columns[5]!))] as const), ...actions.map(([action, request]) => [action, () => applyAction(demo, fay, NOW, request(columns[5]!), new Set())] as const)])(
    '%s',
    (_what, ask) => {
      expect(withoutHerWords(ask())).not.toMatch(contosoFacts);
    },
  );
});

const viewer = (identity: Identity): Viewer => {
  if (identity.kind !== 'customer') throw new Error('expected a customer');
  return identity;
};

test.each<[string, Identity, boolean[]]>([
  //                       S-102 seen  C-100 billing  C-200 billing  C-100 renewal  C-200 renewal  teams  insights  usage
  ['Ana', ana, [true, true, true, true, true, true, true, true]],
  ['Ben', ben, [true, false, true, false, true, true, true, false]],
  ['Chloe', chloe, [true, false, false, false, false, true, true, false]],
  ['Dev', dev, [false, false, false, false, false, false, false, false]],
  ['Fay', fay, [false, false, false, false, false, true, true, true]],
])('access functions for %s', (_name, identity, expected) => {
  const v = viewer(identity);
  expect([
    canSeeSubscription(v, { id: 'S-102' }),
    canSeeBilling(v, { id: 'C-100' }),
    canSeeBilling(v, { id: 'C-200' }),
    canManageRenewal(v, { id: 'C-100' }),
    canManageRenewal(v, { id: 'C-200' }),
    canManageTeams(v),
    canSeeInsights(v),
    canSeeUsageReports(v),
  ]).toEqual(expected);
});

test.each<[string, Identity, Parameters<typeof decide>[1], Parameters<typeof decide>[2], string]>([
  ['Ben, billing of C-100', ben, 'see-billing', { contract: 'C-100' }, 'Ana Ruiz (primary admin)'],
  ['Chloe, billing of C-200', chloe, 'see-billing', { contract: 'C-200' }, 'Ana Ruiz (primary admin) or Ben Okafor (contract manager of C-200)'],
  ['Chloe, renewing Civil 3D', chloe, 'manage-renewal', { subscription: 'S-201' }, 'Ana Ruiz (primary admin) or Ben Okafor (contract manager of C-200)'],
  ['Dev, billing of what he can see', dev, 'see-billing', undefined, 'Ana Ruiz (primary admin)'],
  ['Dev, moving a subscription', dev, 'manage-teams', undefined, 'Ana Ruiz (primary admin), Ben Okafor (secondary admin) or Chloe Martin (secondary admin)'],
  ['Chloe, seat usage', chloe, 'see-usage-reports', undefined, 'Ana Ruiz (primary admin)'],
  ['Fay, billing of a Contoso contract', fay, 'see-billing', { contract: 'C-100' }, ''],
])('a refusal names who can: %s', (_case, identity, permission, target, whoCan) => {
  const decision = decide(viewer(identity), permission, target);
  expect(decision).toMatchObject({ allowed: false, whoCan });
  expect(JSON.stringify(decision)).not.toMatch(/Visa|4242|\$|January|Northwind/);
});
