import type { TurnEvent } from '../../../src/analytics/events';
import { askedIntent } from '../../../src/analytics/figures';
import { summarise } from '../../../src/analytics/summarise';
import type { CaseStatus, TranscriptEntry } from '../../../src/domain/escalation';
import type { CaseRecord } from '../../../src/escalation';

const MINUTE = 60_000;
const start = Date.parse('2026-12-01T09:00:00Z');
const options = { now: new Date(start + 3 * 60 * MINUTE), sessionTimeoutMinutes: 30 };

type Step = string | Partial<TurnEvent>;

/** Events of one conversation, `gapMinutes` apart, from the routes (or fields) given. */
function conversation(id: string, steps: Step[], gapMinutes = 1): TurnEvent[] {
  return steps.map((step, index) => {
    const at = new Date(start + index * gapMinutes * MINUTE).toISOString();
    return { conversation: id, day: at.slice(0, 10), at, route: 'empty', kind: 'message', ...(typeof step === 'string' ? { route: step } : step) };
  });
}

const branch = (menuNode: string): Partial<TurnEvent> => ({ route: 'menu.branch', menuNode });
const leaf = (menuNode: string): Partial<TurnEvent> => ({ route: 'menu.leaf', menuNode });

describe('menu paths: where each walk through the menu ended', () => {
  test.each<[string, Step[], [string, number][], number]>([
    ['down to a leaf, then feedback', [branch('home'), branch('billing'), leaf('invoices'), 'feedback.helpful'], [['invoices', 1]], 1],
    ['down to a leaf and nothing after', [branch('home'), leaf('invoices')], [['invoices', 1]], 1],
    ['stopped at a branch and typed a question', [branch('home'), branch('billing'), 'search.answer'], [['billing', 1]], 1],
    ['a leaf, Back, another leaf: the walk ended at the second', [branch('home'), leaf('invoices'), branch('billing'), leaf('payments')], [['payments', 1]], 1],
    ['two walks in one session', [branch('home'), leaf('invoices'), 'search.answer', branch('home'), leaf('payments')], [['invoices', 1], ['payments', 1]], 1],
    ['the contact-agent leaf (its route is the request)', [branch('home'), { route: 'escalation.request.button', menuNode: 'contact' }, 'escalation.confirm'], [['contact', 1]], 1],
    ['a gap past the session timeout ends the walk', [branch('home'), branch('billing')], [['billing', 1], ['home', 1]], 45],
    ['no menu at all', ['empty', 'search.answer'], [], 1],
  ])('%s', (_, steps, ends, gapMinutes) => {
    expect(summarise(conversation('c', steps, gapMinutes), [], options).menuEnds.map((e) => [e.node, e.count])).toEqual(ends);
  });

  test('counted over sessions, most taken first; agents are not customers', () => {
    const events = [
      ...conversation('a', [branch('home'), leaf('invoices')]),
      ...conversation('b', [branch('home'), leaf('invoices')]),
      ...conversation('c', [branch('home')]),
      ...conversation('agent', [{ route: 'agent.home', menuNode: 'home' }]),
    ];
    expect(summarise(events, [], options).menuEnds).toEqual([
      { node: 'invoices', count: 2 },
      { node: 'home', count: 1 },
    ]);
  });
});

describe('account intents asked and refused', () => {
  test.each<[string, string | undefined]>([
    ['account.renewal-status', 'renewal-status'],
    ['account.upcoming-payments.visitor', 'upcoming-payments'],
    ['search+account.billing-info', 'billing-info'],
    ['account.confirm.yes', undefined],
    ['account.confirm.no', undefined],
    ['search.answer', undefined],
    ['menu.leaf', undefined],
  ])('the route %s asks for %s', (route, intent) => {
    expect(askedIntent(route)).toBe(intent);
  });

  test('per intent: asked, refused by role, and named something the viewer does not have', () => {
    const events = conversation('c', [
      'account.renewal-status',
      { route: 'account.renewal-status', refusal: 'not-found' },
      { route: 'account.upcoming-payments', refusal: 'role' },
      { route: 'search+account.upcoming-payments', refusal: 'role' },
      'account.upcoming-payments.visitor',
      // A refusal on a confirmation or a menu leaf is not an ask of its own.
      { route: 'account.confirm.yes', refusal: 'role' },
      { route: 'menu.leaf', menuNode: 'payments', refusal: 'role' },
    ]);
    expect(summarise(events, [], options).accountIntents).toEqual([
      { intent: 'upcoming-payments', asked: 3, refused: 2, notFound: 0 },
      { intent: 'renewal-status', asked: 2, refused: 0, notFound: 1 },
    ]);
  });
});

/** A case with the given status changes and transcript lines, at minutes after `start`. */
function caseWith(history: [CaseStatus, number][], lines: [TranscriptEntry['from'], number][] = []): CaseRecord {
  const at = (minute: number): string => new Date(start + minute * MINUTE).toISOString();
  return {
    case: {
      id: 'CASE-000001',
      status: history.at(-1)![0],
      history: history.map(([status, minute]) => ({ status, at: at(minute) })),
      user: { id: 'ana', conversationKey: 'test:ana' },
      context: { searches: [], articlesShown: [], subscriptions: [] },
      transcript: lines.map(([from, minute]) => ({ from, text: 'line', at: at(minute) })),
      resolution: {},
      createdAt: at(history[0]![1]),
    },
    handoff: 'agents',
    announcements: [],
  };
}

describe('queue waits, first agent responses and tickets', () => {
  test.each<[string, CaseRecord[], Record<string, number | null>]>([
    ['no cases', [], { accepted: 0, averageWaitSeconds: null, longestWaitSeconds: null, answered: 0, averageFirstResponseSeconds: null, tickets: 0, cancelled: 0 }],
    [
      'two accepted cases: waits of 2 and 4 minutes; the agent wrote 1 minute after accepting one of them',
      [caseWith([['queued', 0], ['accepted', 2], ['ended', 10]], [['user', 0], ['bot', 2], ['agent', 3], ['agent', 5]]), caseWith([['queued', 0], ['accepted', 4]], [['bot', 4]])],
      { accepted: 2, averageWaitSeconds: 180, longestWaitSeconds: 240, answered: 1, averageFirstResponseSeconds: 180 },
    ],
    ['released and accepted again: the first acceptance counts', [caseWith([['queued', 0], ['accepted', 1], ['released', 2], ['accepted', 7]])], { accepted: 1, averageWaitSeconds: 60 }],
    ['a ticket at once and one chosen after waiting', [caseWith([['ticket', 0]]), caseWith([['queued', 0], ['timed-out', 10], ['ticket', 11]])], { tickets: 2, accepted: 0 }],
    ['left the queue', [caseWith([['queued', 0], ['cancelled', 3]])], { cancelled: 1, accepted: 0, averageWaitSeconds: null }],
  ])('%s', (_, cases, expected) => {
    expect(summarise([], cases, options).queue).toMatchObject(expected);
  });

  test('tickets opened at once say why: support was closed, or no agent was available', () => {
    const events = [
      ...conversation('night', ['escalation.request.button', { route: 'escalation.confirm', ticket: 'out-of-hours' }]),
      ...conversation('night-2', ['escalation.request.text', { route: 'escalation.confirm', ticket: 'out-of-hours' }]),
      ...conversation('day', ['escalation.request.button', { route: 'escalation.confirm', ticket: 'no-agent' }]),
      ...conversation('queued', ['escalation.request.button', 'escalation.confirm']),
    ];
    expect(summarise(events, [], options).queue).toMatchObject({ ticketsOutOfHours: 2, ticketsNoAgent: 1 });
  });
});
