import { eventRecord, type TurnEvent } from '../../../src/analytics/events';
import { figuresInProcess, summarise } from '../../../src/analytics/summarise';
import { figuresInPostgres, summariseInPostgres } from '../../../src/analytics/postgresSummary';
import { buildReport } from '../../../src/analytics/report';
import type { CaseStatus, TranscriptEntry } from '../../../src/domain/escalation';
import type { CaseRecord } from '../../../src/escalation';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import type { PostgresStore } from '../../../src/storage/postgres/postgresStore';
import { describeWithPostgres } from '../../support/describeWithPostgres';
import { TestSchema } from '../../support/postgres';

const MINUTE = 60_000;

function conversation(id: string, from: string, routes: (string | Partial<TurnEvent>)[], gapMinutes = 1): TurnEvent[] {
  return routes.map((route, index) => {
    const at = new Date(Date.parse(from) + index * gapMinutes * MINUTE).toISOString();
    return { conversation: id, day: at.slice(0, 10), at, route: 'empty', kind: 'message', ...(typeof route === 'string' ? { route } : route) };
  });
}

/** Every rule of outcomes.ts at least once, over two days, with a session still open at the end. */
const events: TurnEvent[] = [
  ...conversation('welcome', '2026-11-30T09:00:00Z', ['empty', 'command.start-over']),
  ...conversation('implied', '2026-11-30T09:10:00Z', ['empty', { route: 'search.answer', article: 'renew-early' }]),
  ...conversation('confirmed', '2026-11-30T09:20:00Z', [{ route: 'search+account.billing-info', article: 'update-billing-online' }, { route: 'feedback.helpful', article: 'update-billing-online' }]),
  ...conversation('negative', '2026-11-30T23:50:00Z', [{ route: 'search.answer', article: 'auto-renew' }, { route: 'feedback.not-helpful', article: 'auto-renew' }, { route: 'feedback.reason', article: 'auto-renew', reason: 'not-answered' }], 6),
  ...conversation('split', '2026-12-01T08:00:00Z', ['search.no-match', 'search.did-you-mean', 'search.article'], 40),
  ...conversation('queue-left', '2026-12-01T09:00:00Z', ['escalation.request.button', 'escalation.confirm', 'escalation.cancel']),
  ...conversation('helped', '2026-12-01T09:30:00Z', ['search.no-match', 'escalation.request.offer', 'escalation.confirm', 'escalation.relay', 'escalation.end', { route: 'escalation.resolved', resolved: true }, { route: 'escalation.rate', rating: 5 }]),
  ...conversation('not-helped', '2026-12-01T10:00:00Z', ['escalation.request.text', 'escalation.confirm', 'escalation.relay', { route: 'escalation.resolved', resolved: false }, { route: 'escalation.rate', rating: 2 }]),
  ...conversation('ticket', '2026-12-01T10:30:00Z', ['escalation.request.text', 'escalation.confirm']),
  ...conversation('account', '2026-12-01T11:00:00Z', [
    'account.renewal-date',
    'account.confirm.yes',
    { route: 'menu.branch', menuNode: 'home' },
    { route: 'menu.leaf', menuNode: 'update-billing-info' },
    { route: 'account.upcoming-payments', refusal: 'role' },
    { route: 'search+account.upcoming-payments', refusal: 'role', article: 'upcoming-payments' },
    { route: 'account.renewal-date', refusal: 'not-found' },
    'account.renewal-date.visitor',
  ]),
  // Walks through the menu: one stops at a branch, one goes Back and on, one is cut by the session timeout.
  ...conversation('menu-stop', '2026-11-30T10:00:00Z', [{ route: 'menu.branch', menuNode: 'home' }, { route: 'menu.branch', menuNode: 'billing-and-orders' }, 'search.answer']),
  ...conversation('menu-back', '2026-11-30T10:00:00Z', [
    { route: 'menu.branch', menuNode: 'home' },
    { route: 'menu.leaf', menuNode: 'update-billing-info' },
    { route: 'menu.branch', menuNode: 'billing-and-orders' },
    { route: 'escalation.request.button', menuNode: 'contact-agent' },
    { route: 'escalation.confirm', ticket: 'no-agent' },
  ]),
  ...conversation('menu-gap', '2026-11-30T12:00:00Z', [{ route: 'menu.branch', menuNode: 'home' }, { route: 'menu.branch', menuNode: 'billing-and-orders' }], 31),
  ...conversation('refused', '2026-12-01T10:40:00Z', ['empty', { route: 'account.upcoming-payments', refusal: 'role' }]),
  ...conversation('night', '2026-12-01T05:00:00Z', ['escalation.request.button', { route: 'escalation.confirm', ticket: 'out-of-hours' }]),
  ...conversation('agent', '2026-12-01T09:00:00Z', ['agent.home', 'agent.accept', 'agent.relay']),
  ...conversation('still-open', '2026-12-01T11:50:00Z', ['search.answer']),
];
/** A case opened at `from` with the given status changes and transcript lines, minutes after it. */
function caseOpened(id: number, from: string, history: [CaseStatus, number][], lines: [TranscriptEntry['from'], number][] = []): CaseRecord {
  const at = (minutes: number): string => new Date(Date.parse(from) + minutes * MINUTE + 123).toISOString();
  return {
    case: {
      id: `CASE-${String(id).padStart(6, '0')}`,
      status: history.at(-1)![0],
      history: history.map(([status, minutes]) => ({ status, at: at(minutes) })),
      user: { id: `user-${id}`, conversationKey: `test:${id}` },
      context: { searches: [], articlesShown: [], subscriptions: [] },
      transcript: lines.map(([from, minutes]) => ({ from, text: 'a line', at: at(minutes) })),
      resolution: {},
      createdAt: at(0),
    },
    handoff: 'agents',
    announcements: [],
  };
}

/** Cases of both days and one of the day before (out of range): waits, first answers, tickets, one left. */
const cases: CaseRecord[] = [
  caseOpened(1, '2026-11-29T10:00:00Z', [['queued', 0], ['accepted', 9]], [['agent', 10]]),
  caseOpened(2, '2026-11-30T23:59:00Z', [['queued', 0], ['accepted', 1.5], ['ended', 20]], [['user', 0], ['bot', 1.5], ['agent', 2.25], ['agent', 3]]),
  caseOpened(3, '2026-12-01T09:30:00Z', [['queued', 0], ['accepted', 4], ['released', 5], ['accepted', 8]], [['bot', 4], ['agent', 6]]),
  caseOpened(4, '2026-12-01T10:00:00Z', [['queued', 0], ['accepted', 0.5]], [['bot', 0.5]]),
  caseOpened(5, '2026-12-01T10:30:00Z', [['ticket', 0]]),
  caseOpened(6, '2026-12-01T09:00:00Z', [['queued', 0], ['timed-out', 10], ['ticket', 11]]),
  caseOpened(7, '2026-12-01T09:00:00Z', [['queued', 0], ['cancelled', 2]]),
];
const options = { now: new Date('2026-12-01T12:00:00Z'), sessionTimeoutMinutes: 30 };
const range = { from: '2026-11-30', to: '2026-12-01' };

describeWithPostgres()('outcomes in SQL', () => {
  let schema: TestSchema;
  let store: PostgresStore;

  beforeAll(async () => {
    schema = await TestSchema.create();
    store = await schema.open();
    await store.commit({ changes: [], records: events.map(eventRecord) });
    for (const record of cases) await store.put('cases', record.case.id, record);
  });

  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  test('PostgreSQL judges and counts the sessions exactly as outcomes.ts does', async () => {
    const here = summarise(events, cases.slice(1), options);
    expect(here).toMatchObject({ sessions: 18, open: 1, resolved: 5, escalated: 5, escalatedResolved: 1, abandoned: 7, unengaged: 1 });
    expect(await summariseInPostgres(store.connections, range, options)).toEqual(here);
  });

  test('and adds up the menu paths, the account intents, the queue and the tickets the same way', async () => {
    const figures = await summariseInPostgres(store.connections, range, options);
    expect(figures.menuEnds).toEqual([
      { node: 'billing-and-orders', count: 2 },
      { node: 'contact-agent', count: 1 },
      { node: 'home', count: 1 },
      { node: 'update-billing-info', count: 1 },
    ]);
    expect(figures.accountIntents).toEqual([
      { intent: 'renewal-date', asked: 3, refused: 0, notFound: 1 },
      { intent: 'upcoming-payments', asked: 3, refused: 3, notFound: 0 },
      { intent: 'billing-info', asked: 1, refused: 0, notFound: 0 },
    ]);
    // Waits of 1.5, 4 (case 3's first acceptance) and 0.5 minutes; first answers after 2.25 and 6 minutes (247.5 s on average).
    expect(figures.queue).toEqual({
      accepted: 3,
      averageWaitSeconds: 120,
      longestWaitSeconds: 240,
      answered: 2,
      averageFirstResponseSeconds: 248,
      tickets: 2,
      ticketsOutOfHours: 1,
      ticketsNoAgent: 1,
      cancelled: 1,
    });
  });

  test('a range reads only its days, and the report on PostgreSQL equals the one on the embedded store', async () => {
    const memory = new MemoryDocumentStore();
    await memory.commit({ changes: [], records: events.map(eventRecord) });
    for (const record of cases) await memory.put('cases', record.case.id, record);
    const menuPath = (node: string): string => `Get Help > ${node}`;
    for (const days of [range, { from: '2026-12-01', to: '2026-12-01' }, { from: '2026-11-29', to: '2026-11-29' }]) {
      const inDatabase = await buildReport({ store, figures: figuresInPostgres(store.connections), menuPath }, days, options);
      expect(inDatabase).toEqual(await buildReport({ store: memory, figures: figuresInProcess(memory), menuPath }, days, options));
    }
  });
});
