import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEscalation } from '../../../dialogs/escalation';
import { clockStartingAt } from '../../../src/clock';
import { parseAccountData } from '../../../src/domain/accounts/schema';
import { openCase } from '../../../src/domain/escalation';
import { createLogger } from '../../../src/logger';
import { projectRoot } from '../../../src/paths';
import { AccountRepository } from '../../../src/storage/accountRepository';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { ConcurrencyError } from '../../../src/storage/ports';
import { dialogServices } from '../../support/services';
import { ana, anaContext, t0 } from './sampleCases';

/** The desk over an in-memory store whose case reads answer late, so concurrent accepts all read the same version. */
async function deskWithSlowReads() {
  const store = new MemoryDocumentStore();
  const accounts = new AccountRepository(store);
  await accounts.seedIfEmpty(parseAccountData(JSON.parse(readFileSync(join(projectRoot(), 'fixtures/demo-accounts.json'), 'utf8'))));
  const escalation = createEscalation({
    store,
    accounts,
    clock: clockStartingAt(t0),
    replies: dialogServices().replies,
    logger: createLogger('silent'),
    appId: '',
    settings: { timeoutMinutes: 10, handoffTarget: 'agents' },
  });
  const get = store.get.bind(store);
  const put = store.put.bind(store);
  const counter = { conflicts: 0 };
  store.get = async (collection, id) => {
    const doc = await get(collection, id);
    if (collection === 'cases') await new Promise((resolve) => setTimeout(resolve, 2));
    return doc as never;
  };
  store.put = async (collection, id, value, options) =>
    put(collection, id, value, options).catch((error: unknown) => {
      if (error instanceof ConcurrencyError) counter.conflicts++;
      throw error;
    });
  return { escalation, counter };
}

describe('Accept is exactly-once', () => {
  test('ten agents pressing Accept together: one gets the case, nine are told who has it', async () => {
    const { escalation, counter } = await deskWithSlowReads();
    const { case: queued } = await escalation.cases.create((sequence) => ({ case: openCase({ sequence, user: ana, context: anaContext }, t0), handoff: 'agents', announcements: [] }));
    const agents = Array.from({ length: 10 }, (_, i) => ({ id: `a-${i}`, name: `Agent ${i}` }));

    const outcomes = await Promise.all(agents.map((agent) => escalation.desk.accept(queued.id, agent, `test:${agent.id}`)));

    const winners = outcomes.filter((outcome) => outcome.ok);
    expect(winners).toHaveLength(1);
    const holder = (await escalation.cases.get(queued.id))!.case.agent!;
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual(Array(9).fill({ ok: false, reason: 'taken', by: holder.name, agentId: holder.id }));
    expect(counter.conflicts).toBeGreaterThanOrEqual(9);
  });

  test('an agent already in a chat is asked to finish it first', async () => {
    const { escalation } = await deskWithSlowReads();
    const open = (sequence: number) => ({ case: openCase({ sequence, user: { ...ana, id: `u-${sequence}` }, context: anaContext }, t0), handoff: 'agents' as const, announcements: [] });
    const first = await escalation.cases.create(open);
    const second = await escalation.cases.create(open);
    const eve = { id: 'a-eve', name: 'Eve Sato' };
    expect((await escalation.desk.accept(first.case.id, eve, 'test:eve')).ok).toBe(true);
    expect(await escalation.desk.accept(second.case.id, eve, 'test:eve')).toMatchObject({ ok: false, reason: 'busy' });
  });
});
