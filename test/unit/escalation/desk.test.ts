import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockStartingAt } from '../../../src/clock';
import { parseAccountData } from '../../../src/domain/accounts/schema';
import { openCase } from '../../../src/domain/escalation';
import { createSupportDesk, type EscalationNotice, type Messenger } from '../../../src/escalation';
import { createLogger } from '../../../src/logger';
import { projectRoot } from '../../../src/paths';
import { AccountRepository } from '../../../src/storage/accountRepository';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { ConcurrencyError } from '../../../src/storage/ports';
import { transact } from '../../../src/storage/unitOfWork';
import { ana, anaContext, t0 } from './sampleCases';

/** The desk over an in-memory store whose case reads answer late, so concurrent accepts all read the same version. */
async function deskWithSlowReads() {
  const store = new MemoryDocumentStore();
  const accounts = new AccountRepository(store);
  await accounts.seedIfEmpty(parseAccountData(JSON.parse(readFileSync(join(projectRoot(), 'fixtures/demo-accounts.json'), 'utf8'))));
  const sent: { to: string; notice: EscalationNotice }[] = [];
  const messenger: Messenger = {
    send: (unit, to, notice) => unit.afterCommit(() => void sent.push({ to, notice })),
    update: () => {},
  };
  const support = createSupportDesk({ store, accounts, messenger, clock: clockStartingAt(t0), logger: createLogger('silent'), settings: { timeoutMinutes: 10, handoffTarget: 'agents' } });
  const get = store.get.bind(store);
  const commit = store.commit.bind(store);
  const counter = { conflicts: 0 };
  store.get = async (collection, id) => {
    const doc = await get(collection, id);
    if (collection === 'cases') await new Promise((resolve) => setTimeout(resolve, 2));
    return doc as never;
  };
  store.commit = async (change) =>
    commit(change).catch((error: unknown) => {
      if (error instanceof ConcurrencyError) counter.conflicts++;
      throw error;
    });
  return { store, support, counter, sent };
}

const open = (sequence: number) => ({ case: openCase({ sequence, user: { ...ana, id: `u-${sequence}` }, context: anaContext }, t0), handoff: 'agents' as const, announcements: [] });

describe('Accept is exactly-once', () => {
  test('ten agents pressing Accept together: one gets the case, nine are told who has it', async () => {
    const { store, support, counter, sent } = await deskWithSlowReads();
    const queued = await transact(store, (unit) => support.cases.create(unit, open));
    const agents = Array.from({ length: 10 }, (_, i) => ({ id: `a-${i}`, name: `Agent ${i}` }));

    const outcomes = await Promise.all(agents.map((agent) => transact(store, (unit) => support.desk.accept(unit, queued.case.id, agent, `test:${agent.id}`))));

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    const holder = (await support.cases.get(queued.case.id))!.case.agent!;
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(Array(9).fill({ ok: false, reason: 'taken', by: holder.name, agentId: holder.id }));
    expect(counter.conflicts).toBeGreaterThanOrEqual(9);
    // Only the winning attempt's notice went out: the user heard of one agent, once.
    expect(sent.filter((message) => message.notice.kind === 'agent-joined')).toEqual([{ to: ana.conversationKey, notice: { kind: 'agent-joined', caseId: queued.case.id, agentName: holder.name } }]);
  });

  test('one agent pressing Accept on two cases at once holds one of them', async () => {
    const { store, support } = await deskWithSlowReads();
    const first = await transact(store, (unit) => support.cases.create(unit, open));
    const second = await transact(store, (unit) => support.cases.create(unit, open));
    const eve = { id: 'a-eve', name: 'Eve Sato' };
    const outcomes = await Promise.all([first, second].map((record) => transact(store, (unit) => support.desk.accept(unit, record.case.id, eve, 'test:eve'))));
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.reason)).sort()).toEqual(['busy', 'ok']);
    expect((await support.cases.openRecords()).filter((record) => record.case.agent?.id === 'a-eve')).toHaveLength(1);
  });

  test('an agent already in a chat is asked to finish it first', async () => {
    const { store, support } = await deskWithSlowReads();
    const first = await transact(store, (unit) => support.cases.create(unit, open));
    const second = await transact(store, (unit) => support.cases.create(unit, open));
    const eve = { id: 'a-eve', name: 'Eve Sato' };
    expect((await transact(store, (unit) => support.desk.accept(unit, first.case.id, eve, 'test:eve'))).ok).toBe(true);
    expect(await transact(store, (unit) => support.desk.accept(unit, second.case.id, eve, 'test:eve'))).toMatchObject({ ok: false, reason: 'busy' });
  });
});
