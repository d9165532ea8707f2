import { openCase, type CaseUser } from '../../../src/domain/escalation';
import { CaseNotFoundError, CaseRepository, type CaseRecord } from '../../../src/storage/caseRepository';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import { anaContext, t0 } from './sampleCases';

const user = (id: string): CaseUser => ({ id, name: id, conversationKey: `test:${id}` });

function create(cases: CaseRepository, userId: string, status: 'queued' | 'ticket' = 'queued'): Promise<CaseRecord> {
  return cases.create((sequence) => ({ case: openCase({ sequence, user: user(userId), context: anaContext, status }, t0), handoff: 'agents', announcements: [] }));
}

describe('case repository', () => {
  test('case ids count up from CASE-000001', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await create(cases, name)).case.id);
    expect(ids).toEqual(['CASE-000001', 'CASE-000002', 'CASE-000003']);
  });

  test('twenty users opening cases at once get twenty numbers, queued in number order', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => create(cases, `u${i}`)));
    const ids = records.map((record) => record.case.id).sort();
    expect(new Set(ids).size).toBe(20);
    expect(await cases.waitingIds()).toEqual(ids);
  });

  test('a ticket never joins the queue, and closed cases leave it', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    await create(cases, 'a', 'ticket');
    const b = await create(cases, 'b');
    expect(await cases.waitingIds()).toEqual([b.case.id]);
    await cases.change(b.case.id, (record) => ({ next: { ...record, case: { ...record.case, status: 'cancelled' } }, result: undefined }));
    expect(await cases.openRecords()).toEqual([]);
    expect(await cases.waitingIds()).toEqual([]);
  });

  test('a number taken whose case is not stored yet counts as waiting', async () => {
    const store = new MemoryDocumentStore();
    const cases = new CaseRepository(store);
    const first = await create(cases, 'a');
    await store.put('meta', 'escalation-queue', { sequence: 2, open: [first.case.id, 'CASE-000002'], waitsMs: [] });
    expect(await cases.waitingIds()).toEqual([first.case.id, 'CASE-000002']);
  });

  test('changing a case that does not exist says which', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    await expect(cases.change('CASE-000404', () => ({ result: 1 }))).rejects.toThrow(CaseNotFoundError);
  });

  test('only the most recent waits are kept', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    for (let i = 1; i <= 25; i++) await cases.recordWait(i * 1000);
    expect(await cases.waitSamples()).toEqual(Array.from({ length: 20 }, (_, i) => (i + 6) * 1000));
  });

  test('agent desks start away and keep their chat', async () => {
    const cases = new CaseRepository(new MemoryDocumentStore());
    expect(await cases.desks()).toEqual({});
    await cases.updateDesk('a-eve', (desk) => ({ ...desk, available: true, conversationKey: 'test:eve' }));
    await cases.updateDesk('a-raj', (desk) => desk);
    expect(await cases.desks()).toEqual({ 'a-eve': { available: true, conversationKey: 'test:eve' }, 'a-raj': { available: false } });
  });
});
