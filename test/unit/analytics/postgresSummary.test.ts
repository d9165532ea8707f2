import { eventRecord, type TurnEvent } from '../../../src/analytics/events';
import { summariseInPostgres } from '../../../src/analytics/postgresSummary';
import { buildReport, summarise } from '../../../src/analytics/report';
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
  ...conversation('account', '2026-12-01T11:00:00Z', ['account.renewal-date', 'account.confirm.yes', 'menu.branch', 'menu.leaf']),
  ...conversation('agent', '2026-12-01T09:00:00Z', ['agent.home', 'agent.accept', 'agent.relay']),
  ...conversation('still-open', '2026-12-01T11:50:00Z', ['search.answer']),
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
  });

  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  test('PostgreSQL judges and counts the sessions exactly as outcomes.ts does', async () => {
    const here = summarise(events, options);
    expect(here).toMatchObject({ sessions: 12, open: 1, resolved: 4, escalated: 3, escalatedResolved: 1, abandoned: 4, unengaged: 1 });
    expect(await summariseInPostgres(store.connections, range, options)).toEqual(here);
  });

  test('a range reads only its days, and the report on PostgreSQL equals the one on the embedded store', async () => {
    const memory = new MemoryDocumentStore();
    await memory.commit({ changes: [], records: events.map(eventRecord) });
    for (const days of [range, { from: '2026-12-01', to: '2026-12-01' }]) {
      expect(await buildReport(store, days, options)).toEqual(await buildReport(memory, days, options));
    }
  });
});
