import type { TurnEvent } from '../../../src/analytics/events';
import { groupQuestions } from '../../../src/analytics/inbox';
import { judge, sessionsOf } from '../../../src/analytics/outcomes';
import { summarise } from '../../../src/analytics/summarise';

const MINUTE = 60_000;
const start = Date.parse('2026-12-01T09:00:00Z');

/** Events of one conversation, one minute apart, from the routes given. */
function conversation(id: string, routes: (string | Partial<TurnEvent>)[], from = start): TurnEvent[] {
  return routes.map((route, index) => {
    const at = new Date(from + index * MINUTE).toISOString();
    const fields = typeof route === 'string' ? { route } : route;
    return { conversation: id, day: at.slice(0, 10), at, route: 'empty', kind: 'message', ...fields };
  });
}

const later = new Date(start + 3 * 60 * MINUTE);

describe('session outcomes', () => {
  test.each<[string, (string | Partial<TurnEvent>)[], string]>([
    ['only the welcome', ['empty'], 'unengaged'],
    ['welcome, then start over', ['empty', 'command.start-over'], 'unengaged'],
    ['an answer, then silence (implied)', ['empty', 'search.answer'], 'resolved'],
    ['an answer confirmed with Yes', ['empty', 'search.answer', 'feedback.helpful'], 'resolved'],
    ['a did-you-mean and a picked article', ['search.did-you-mean', 'search.article'], 'resolved'],
    ['an answer rated No with a reason', ['search.answer', 'feedback.not-helpful', 'feedback.reason'], 'abandoned'],
    ['an unanswered question', ['empty', 'search.no-match'], 'abandoned'],
    ['a did-you-mean left unanswered', ['search.did-you-mean'], 'abandoned'],
    ['asked for an agent and left the preview', ['search.no-match', 'escalation.request.button'], 'abandoned'],
    ['a case opened and chatted', ['escalation.request.button', 'escalation.confirm', 'escalation.relay'], 'escalated'],
    ['a case opened, then left the queue', ['escalation.request.button', 'escalation.confirm', 'escalation.cancel'], 'abandoned'],
    ['a ticket (opened, nothing after)', ['escalation.request.text', 'escalation.confirm'], 'escalated'],
    ['an account answer', ['account.renewal-date'], 'resolved'],
    ['an account answer refused by role', ['account.upcoming-payments', { route: 'account.upcoming-payments', refusal: 'role' }], 'abandoned'],
    ['an account question naming something the viewer lacks', [{ route: 'account.renewal-status', refusal: 'not-found' }], 'abandoned'],
    ['a refusal, then an answer', [{ route: 'account.renewal-status', refusal: 'role' }, 'account.subscriptions'], 'resolved'],
    ['an article with a refused own answer under it', [{ route: 'search+account.billing-info', refusal: 'role' }], 'resolved'],
    ['a menu branch only', ['empty', 'menu.branch'], 'abandoned'],
  ])('%s', (_, routes, outcome) => {
    const [session] = sessionsOf(conversation('c', routes), 30 * MINUTE);
    expect(judge(session!, later, 30 * MINUTE).outcome).toBe(outcome);
  });

  test('a session is open until 30 minutes after its last turn', () => {
    const [session] = sessionsOf(conversation('c', ['search.answer']), 30 * MINUTE);
    expect(judge(session!, new Date(start + 30 * MINUTE), 30 * MINUTE).outcome).toBe('open');
    expect(judge(session!, new Date(start + 31 * MINUTE), 30 * MINUTE).outcome).toBe('resolved');
  });

  test('a gap longer than the timeout starts a new session; agents are not customers', () => {
    const events = [
      ...conversation('c', ['search.answer']),
      ...conversation('c', ['empty'], start + 45 * MINUTE),
      ...conversation('agent', ['agent.home', 'agent.accept']),
    ];
    expect(sessionsOf(events, 30 * MINUTE).map((s) => s.events.map((e) => e.route))).toEqual([['search.answer'], ['empty']]);
    expect(sessionsOf(events, 60 * MINUTE)).toHaveLength(1);
  });

  test('the summary counts outcomes, CSAT and article feedback', () => {
    const events = [
      ...conversation('a', ['empty', { route: 'search.answer', article: 'renew-early' }, { route: 'feedback.helpful', article: 'renew-early' }]),
      ...conversation('b', [{ route: 'search.answer', article: 'auto-renew' }, { route: 'feedback.not-helpful', article: 'auto-renew' }, { route: 'feedback.reason', article: 'auto-renew', reason: 'not-related' }]),
      ...conversation('c', ['search.no-match', 'escalation.request.offer', 'escalation.confirm', 'escalation.relay', { route: 'escalation.resolved', resolved: true }, { route: 'escalation.rate', rating: 4 }]),
      ...conversation('d', ['empty']),
    ];
    const summary = summarise(events, [], { now: later, sessionTimeoutMinutes: 30 });
    expect(summary).toMatchObject({ sessions: 4, resolved: 1, resolvedConfirmed: 1, escalated: 1, escalatedResolved: 1, abandoned: 1, unengaged: 1, searchesEscalated: 1, deflectionRate: 0.33 });
    expect(summary.csat).toEqual({ average: 4, count: 1, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } });
    expect(summary.articles[0]).toEqual({ article: 'auto-renew', answers: 1, helpful: 0, notRelated: 1, notAnswered: 0 });
    expect(summary.days).toEqual([{ day: '2026-12-01', sessions: 4, resolved: 1, escalated: 1, abandoned: 1, unengaged: 1 }]);
  });
});

describe('the unanswered inbox', () => {
  test('questions that share their stems are one group', () => {
    const at = '2026-12-01T09:00:00Z';
    const groups = groupQuestions(
      ['can I pay with bitcoin?', 'bitcoin payments', 'do you take bitcoin', 'where is the nearest office', 'can I pay with bitcoin?'].map((query) => ({ query, at, why: 'no-match' as const })),
    );
    expect(groups.map((g) => [g.example, g.count])).toEqual([
      ['can I pay with bitcoin?', 4],
      ['where is the nearest office', 1],
    ]);
    expect(groups[0]!.terms).toContain('bitcoin');
  });
});
