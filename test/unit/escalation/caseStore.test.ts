import { openCase, type CaseUser } from '../../../src/domain/escalation';
import { CaseStore, type CaseRecord } from '../../../src/escalation';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { transact } from '../../../src/storage/unitOfWork';
import { anaContext, t0 } from './sampleCases';

const user = (id: string): CaseUser => ({ id, name: id, conversationKey: `test:${id}` });

function storeAndCases(): { store: MemoryDocumentStore; cases: CaseStore } {
  const store = new MemoryDocumentStore();
  return { store, cases: new CaseStore(store) };
}

function create(store: MemoryDocumentStore, cases: CaseStore, userId: string, status: 'queued' | 'ticket' = 'queued'): Promise<CaseRecord> {
  return transact(store, (unit) =>
    cases.create(unit, (sequence) => ({ case: openCase({ sequence, user: user(userId), context: anaContext, status }, t0), handoff: 'agents', announcements: [] })),
  );
}

describe('case store', () => {
  test('case ids count up from CASE-000001', async () => {
    const { store, cases } = storeAndCases();
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await create(store, cases, name)).case.id);
    expect(ids).toEqual(['CASE-000001', 'CASE-000002', 'CASE-000003']);
  });

  test('twenty users opening cases at once get twenty numbers without gaps, queued in number order', async () => {
    const { store, cases } = storeAndCases();
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => create(store, cases, `u${i}`)));
    const ids = records.map((record) => record.case.id).sort();
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `CASE-${String(i + 1).padStart(6, '0')}`));
    expect((await cases.waiting()).map((record) => record.case.id)).toEqual(ids);
  });

  test('a ticket never joins the queue, and closed cases leave it', async () => {
    const { store, cases } = storeAndCases();
    await create(store, cases, 'a', 'ticket');
    const b = await create(store, cases, 'b');
    expect((await cases.waiting()).map((record) => record.case.id)).toEqual([b.case.id]);
    await transact(store, async (unit) => cases.put(unit, { ...b, case: { ...b.case, status: 'cancelled' } }));
    expect(await cases.openRecords()).toEqual([]);
    expect(await cases.waiting()).toEqual([]);
  });

  test('a case in a live chat is found by its holder', async () => {
    const { store, cases } = storeAndCases();
    const b = await create(store, cases, 'b');
    await transact(store, async (unit) => cases.put(unit, { ...b, case: { ...b.case, status: 'accepted', agent: { id: 'a-eve', name: 'Eve' } } }));
    expect((await cases.heldBy('a-eve'))?.case.id).toBe(b.case.id);
    expect(await cases.heldBy('a-raj')).toBeUndefined();
    expect(await cases.waiting()).toEqual([]);
  });

  test('only the most recent waits are kept', async () => {
    const { store, cases } = storeAndCases();
    for (let i = 1; i <= 25; i++) await transact(store, (unit) => cases.recordWait(unit, i * 1000));
    expect(await cases.waitSamples()).toEqual(Array.from({ length: 20 }, (_, i) => (i + 6) * 1000));
  });

  test('agent desks start away and keep their chat', async () => {
    const { store, cases } = storeAndCases();
    expect(await cases.desks()).toEqual({});
    await transact(store, async (unit) => {
      await cases.updateDesk(unit, 'a-eve', (desk) => ({ ...desk, available: true, conversationKey: 'test:eve' }));
      await cases.updateDesk(unit, 'a-raj', (desk) => desk);
    });
    expect(await cases.desks()).toEqual({ 'a-eve': { available: true, conversationKey: 'test:eve' }, 'a-raj': { available: false } });
  });
});
