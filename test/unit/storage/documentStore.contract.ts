import { ConcurrencyError, type Store, update } from '../../../src/storage/ports';
import { transact } from '../../../src/storage/unitOfWork';
import { DocumentStateStorage, StateConflictError } from '../../../src/storage/stateStorage';

export interface StoreUnderTest {
  store: Store;
  /** Releases whatever the store holds (temp folders). */
  dispose(): Promise<void>;
}

const LONG_ID = 'x'.repeat(500);
const AWKWARD_IDS = [
  'msteams/conversations/19:Ab-Cd@thread.tacv2',
  'with spaces and tabs\t',
  'ünïcödé ✓ 日本語 🙂',
  LONG_ID,
  '.',
  '..',
  'CON',
  '',
  'Case',
  'case',
  '%41',
  'A',
  'lone \uD800 surrogate',
];

/** The behaviour every DocumentStore adapter must share. */
export function describeDocumentStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} honours the DocumentStore contract`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(() => subject.dispose());

    test('a document never written is undefined', async () => {
      expect(await store.get('accounts', 'nobody')).toBeUndefined();
    });

    test('a put document reads back with its id, value and version 1', async () => {
      const version = await store.put('accounts', 'contoso', { name: 'Contoso', seats: [1, 2] });
      expect(version).toBe(1);
      expect(await store.get('accounts', 'contoso')).toEqual({
        id: 'contoso',
        version: 1,
        value: { name: 'Contoso', seats: [1, 2] },
      });
    });

    test('every write increases the version by one', async () => {
      const versions = [];
      for (let n = 0; n < 3; n++) versions.push(await store.put('meta', 'counter', n));
      expect(versions).toEqual([1, 2, 3]);
      expect(await store.get('meta', 'counter')).toMatchObject({ version: 3, value: 2 });
    });

    test('collections are independent', async () => {
      await store.put('cases', 'same-id', 'a case');
      expect(await store.get('audit', 'same-id')).toBeUndefined();
    });

    test.each`
      stored       | expectedVersion | outcome
      ${'nothing'} | ${'absent'}     | ${'written'}
      ${'nothing'} | ${1}            | ${'conflict'}
      ${'v2'}      | ${'absent'}     | ${'conflict'}
      ${'v2'}      | ${2}            | ${'written'}
      ${'v2'}      | ${1}            | ${'conflict'}
      ${'v2'}      | ${3}            | ${'conflict'}
    `('with $stored stored, a put expecting $expectedVersion is $outcome', async (row) => {
      const { stored, expectedVersion, outcome } = row;
      if (stored === 'v2') {
        await store.put('cases', 'case-1', 'first');
        await store.put('cases', 'case-1', 'second');
      }
      const attempt = store.put('cases', 'case-1', 'mine', { expectedVersion });
      if (outcome === 'written') {
        await expect(attempt).resolves.toBe(stored === 'v2' ? 3 : 1);
        expect((await store.get('cases', 'case-1'))?.value).toBe('mine');
      } else {
        await expect(attempt).rejects.toThrow(ConcurrencyError);
        expect((await store.get('cases', 'case-1'))?.value).toBe(stored === 'v2' ? 'second' : undefined);
      }
    });

    test('a conflict says which document, what was expected and what was found', async () => {
      await store.put('cases', 'case-7', 'taken');
      await expect(store.put('cases', 'case-7', 'mine', { expectedVersion: 'absent' })).rejects.toMatchObject({
        collection: 'cases',
        id: 'case-7',
        expected: 'absent',
        actual: 1,
      });
    });

    test('20 concurrent increments all land', async () => {
      const increment = () => update<number>(store, 'meta', 'next-case', (n) => (n ?? 0) + 1);
      await Promise.all(Array.from({ length: 20 }, increment));
      expect(await store.get('meta', 'next-case')).toMatchObject({ value: 20, version: 20 });
    });

    test('a deleted document is gone, and deleting it again is fine', async () => {
      await store.put('references', 'user-1', { serviceUrl: 'https://example.test' });
      await store.delete('references', 'user-1');
      expect(await store.get('references', 'user-1')).toBeUndefined();
      await expect(store.delete('references', 'user-1')).resolves.toBeUndefined();
      expect(await store.list('references')).toEqual([]);
    });

    test('list returns every document of the collection in id order', async () => {
      for (const id of ['b', 'c/2', 'a', 'c/10']) await store.put('feedback', id, { id });
      await store.put('unanswered', 'elsewhere', {});
      const listed = await store.list<{ id: string }>('feedback');
      expect(listed.map((document) => document.id)).toEqual(['a', 'b', 'c/10', 'c/2']);
      expect(listed.every((document) => document.value.id === document.id && document.version === 1)).toBe(true);
    });

    test('an empty collection lists as empty', async () => {
      expect(await store.list('audit')).toEqual([]);
    });

    test('awkward ids are stored, read and listed as themselves', async () => {
      for (const id of AWKWARD_IDS) await store.put('state', id, { id });
      for (const id of AWKWARD_IDS) expect(await store.get('state', id)).toEqual({ id, version: 1, value: { id } });
      const sorted = [...AWKWARD_IDS].sort();
      expect((await store.list('state')).map((document) => document.id)).toEqual(sorted);
    });

    test('values are copies both ways', async () => {
      const value = { seats: [1] };
      await store.put('accounts', 'contoso', value);
      value.seats.push(2);
      const read = await store.get<{ seats: number[] }>('accounts', 'contoso');
      read?.value.seats.push(3);
      expect((await store.get('accounts', 'contoso'))?.value).toEqual({ seats: [1] });
      const [listed] = await store.list<{ seats: number[] }>('accounts');
      listed?.value.seats.push(4);
      expect((await store.get('accounts', 'contoso'))?.value).toEqual({ seats: [1] });
    });

    test('values are stored as JSON', async () => {
      await store.put('audit', 'at', { when: new Date('2026-12-01T00:00:00Z'), dropped: undefined });
      expect((await store.get('audit', 'at'))?.value).toEqual({ when: '2026-12-01T00:00:00.000Z' });
      await expect(store.put('audit', 'nothing', undefined)).rejects.toThrow(TypeError);
    });

    test('flush resolves once writes are done', async () => {
      const writes = Array.from({ length: 10 }, (_, n) => store.put('meta', `m${n}`, n));
      await store.flush();
      await Promise.all(writes);
      expect(await store.list('meta')).toHaveLength(10);
    });

    test('a commit applies every change, or none when one expectation fails', async () => {
      await store.put('cases', 'c1', 'one');
      await expect(
        store.commit({
          changes: [
            { kind: 'put', collection: 'cases', id: 'c2', value: 'two', expected: 'absent' },
            { kind: 'put', collection: 'cases', id: 'c1', value: 'changed', expected: 7 },
          ],
          outbox: [{ key: 'conv-a', payload: { text: 'never' } }],
        }),
      ).rejects.toThrow(ConcurrencyError);
      expect(await store.get('cases', 'c2')).toBeUndefined();
      expect((await store.get('cases', 'c1'))?.value).toBe('one');
      expect(await store.outbox.claim('me', 10, 1000)).toEqual([]);
      const done = await store.commit({
        changes: [
          { kind: 'put', collection: 'cases', id: 'c2', value: 'two', expected: 'absent' },
          { kind: 'delete', collection: 'cases', id: 'c1', expected: 1 },
          { kind: 'check', collection: 'meta', id: 'never-written', expected: 'absent' },
        ],
      });
      expect(done.versions).toEqual([1, 0, 0]);
      expect((await store.list('cases')).map((doc) => doc.id)).toEqual(['c2']);
    });

    test('a check fails the commit when the document moved on', async () => {
      await store.put('desks', 'agent-eve', { available: true });
      await store.put('desks', 'agent-eve', { available: false });
      const attempt = store.commit({ changes: [{ kind: 'check', collection: 'desks', id: 'agent-eve', expected: 1 }, { kind: 'put', collection: 'cases', id: 'x', value: 1 }] });
      await expect(attempt).rejects.toThrow(ConcurrencyError);
      expect(await store.get('cases', 'x')).toBeUndefined();
    });

    test('find returns the documents whose tags hold every pair asked for, in id order', async () => {
      await store.put('cases', 'CASE-000002', { n: 2 }, { tags: { open: 'yes', holder: 'agent-eve' } });
      await store.put('cases', 'CASE-000001', { n: 1 }, { tags: { open: 'yes' } });
      await store.put('cases', 'CASE-000003', { n: 3 });
      await store.put('references', 'CASE-000004', { n: 4 }, { tags: { open: 'yes' } });
      expect((await store.find('cases', { open: 'yes' })).map((doc) => doc.id)).toEqual(['CASE-000001', 'CASE-000002']);
      expect(await store.find('cases', { holder: 'agent-eve' })).toEqual([{ id: 'CASE-000002', version: 1, value: { n: 2 }, tags: { open: 'yes', holder: 'agent-eve' } }]);
      expect((await store.find('cases', { open: 'yes' }, 1)).map((doc) => doc.id)).toEqual(['CASE-000001']);
      await store.put('cases', 'CASE-000002', { n: 2, closed: true }, { expectedVersion: 1 });
      expect((await store.find('cases', { open: 'yes' })).map((doc) => doc.id)).toEqual(['CASE-000001']);
      await store.delete('cases', 'CASE-000001');
      expect(await store.find('cases', { open: 'yes' })).toEqual([]);
    });

    test('20 concurrent units of work taking numbers from one sequence get 1 to 20, each once', async () => {
      const taken = await Promise.all(
        Array.from({ length: 20 }, () =>
          transact(store, async (unit) => {
            const n = await unit.next('case');
            unit.insert('cases', `case-${n}`, { n });
            return n;
          }, 100),
        ),
      );
      expect([...taken].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      expect(await store.list('cases')).toHaveLength(20);
    });

    test('outbox entries go out one at a time per key, in commit order, and a claim is held until it lapses', async () => {
      await store.commit({ changes: [], outbox: [{ key: 'a', payload: 1 }, { key: 'b', payload: 2 }] });
      await store.commit({ changes: [], outbox: [{ key: 'a', payload: 3 }] });
      const first = await store.outbox.claim('replica-1', 10, 60_000);
      expect(first.map((entry) => [entry.key, entry.payload, entry.attempts])).toEqual([['a', 1, 0], ['b', 2, 0]]);
      expect(await store.outbox.claim('replica-2', 10, 60_000)).toEqual([]);
      await store.outbox.complete(first[0]!.id);
      const next = await store.outbox.claim('replica-2', 10, 60_000);
      expect(next.map((entry) => entry.payload)).toEqual([3]);
      await store.outbox.retry(first[1]!.id, 0);
      const again = await store.outbox.claim('replica-2', 10, 60_000, ['b']);
      expect(again.map((entry) => [entry.payload, entry.attempts])).toEqual([[2, 1]]);
      expect(await store.outbox.pending([first[0]!.id, first[1]!.id, next[0]!.id])).toEqual([first[1]!.id, next[0]!.id]);
    });

    test('an outbox entry whose claim lapsed is claimed again', async () => {
      await store.commit({ changes: [], outbox: [{ key: 'a', payload: 'x' }] });
      expect(await store.outbox.claim('replica-1', 10, 30)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await store.outbox.claim('replica-2', 10, 60_000)).map((entry) => entry.payload)).toEqual(['x']);
    });

    test('a lease is held by one holder until it lapses, and renewed by its holder', async () => {
      expect(await store.leases.acquire('sweep', 'replica-1', 80)).toBe(true);
      expect(await store.leases.acquire('sweep', 'replica-2', 80)).toBe(false);
      expect(await store.leases.acquire('sweep', 'replica-1', 80)).toBe(true);
      expect(await store.leases.acquire('notices', 'replica-2', 80)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await store.leases.acquire('sweep', 'replica-2', 80)).toBe(true);
    });

    test('concurrent attempts at one free lease: exactly one holder', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, n) => store.leases.acquire('job', `replica-${n}`, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    test('log records commit with the changes, read back by day in id order, once per id', async () => {
      const record = (id: string, day = '2026-12-01') => ({ log: 'events' as const, day, id, value: { id, n: id.length } });
      await store.commit({ changes: [{ kind: 'put', collection: 'meta', id: 'm', value: 1 }], records: [record('b'), record('a'), record('z', '2026-11-30')] });
      await store.commit({ changes: [], records: [record('a'), record('c')] });
      await expect(store.commit({ changes: [{ kind: 'put', collection: 'meta', id: 'm', value: 2, expected: 7 }], records: [record('never')] })).rejects.toThrow(ConcurrencyError);
      expect(await store.logs.read('events', '2026-12-01')).toEqual([record('a').value, record('b').value, record('c').value]);
      expect(await store.logs.read('events', '2026-11-30')).toEqual([record('z').value]);
      expect(await store.logs.read('events', '2026-12-02')).toEqual([]);
      await store.flush();
      expect(await store.logs.read('events', '2026-12-01')).toHaveLength(3);
    });

    test("a turn's commit (one document on the version read, with its records) is all or nothing, and a conflict names the version found", async () => {
      const record = (id: string) => ({ log: 'events' as const, day: '2026-12-01', id, value: id });
      const first = await store.commit({ changes: [{ kind: 'put', collection: 'state', id: 'c', value: { n: 1 }, expected: 'absent', tags: { kind: 'chat' } }], records: [record('1')] });
      expect(first.versions).toEqual([1]);
      await expect(store.commit({ changes: [{ kind: 'put', collection: 'state', id: 'c', value: { n: 9 }, expected: 'absent' }], records: [record('lost-insert')] })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        expected: 'absent',
        actual: 1,
      });
      const second = await store.commit({ changes: [{ kind: 'put', collection: 'state', id: 'c', value: { n: 2 }, expected: 1, tags: { kind: 'chat' } }], records: [record('2')] });
      expect(second.versions).toEqual([2]);
      await expect(store.commit({ changes: [{ kind: 'put', collection: 'state', id: 'c', value: { n: 9 }, expected: 1 }], records: [record('lost-update')] })).rejects.toMatchObject({
        name: 'ConcurrencyError',
        collection: 'state',
        id: 'c',
        expected: 1,
        actual: 2,
      });
      expect(await store.get('state', 'c')).toMatchObject({ version: 2, value: { n: 2 }, tags: { kind: 'chat' } });
      expect((await store.find('state', { kind: 'chat' })).map((document) => document.id)).toEqual(['c']);
      expect(await store.logs.read('events', '2026-12-01')).toEqual(['1', '2']);
    });

    test('turns committing at once each get their own outcome: a write on its version lands with its records, a stale one fails alone', async () => {
      const record = (id: string) => ({ log: 'events' as const, day: '2026-12-01', id, value: id });
      const ids = Array.from({ length: 40 }, (_, n) => `c${n}`);
      for (const id of ids) await store.commit({ changes: [{ kind: 'put', collection: 'state', id, value: { n: 0 }, expected: 'absent' }] });
      // Even conversations write on the version they read, odd ones on a version long gone; c0 and c1 twice at once.
      const writes = [...ids, 'c0', 'c1'];
      const expectedOf = (id: string) => (Number(id.slice(1)) % 2 === 0 ? 1 : 7);
      const outcomes = await Promise.allSettled(
        writes.map((id, n) => store.commit({ changes: [{ kind: 'put', collection: 'state', id, value: { n: n + 1, text: 'a\u0001b\t"c"' }, expected: expectedOf(id) }], records: [record(`${id}-${n}`)] })),
      );
      const winners = new Map<string, number>();
      outcomes.forEach((outcome, n) => {
        const id = writes[n]!;
        if (outcome.status === 'rejected') return expect(outcome.reason).toMatchObject({ name: 'ConcurrencyError', collection: 'state', id, expected: expectedOf(id) });
        expect(winners.has(id)).toBe(false);
        winners.set(id, n);
        expect(outcome.value.versions).toEqual([2]);
      });
      expect([...winners.keys()].sort()).toEqual(ids.filter((id) => expectedOf(id) === 1).sort());
      expect(outcomes[3]).toMatchObject({ status: 'rejected', reason: { id: 'c3', expected: 7, actual: 1 } });
      for (const id of ids) {
        const winner = winners.get(id);
        expect(await store.get('state', id)).toMatchObject(winner === undefined ? { version: 1, value: { n: 0 } } : { version: 2, value: { n: winner + 1, text: 'a\u0001b\t"c"' } });
      }
      await store.flush();
      expect([...(await store.logs.read('events', '2026-12-01'))].sort()).toEqual([...winners].map(([id, n]) => `${id}-${n}`).sort());
    });

    test('a record without a proper day fails its commit, and nothing of the commit applies', async () => {
      const attempt = store.commit({ changes: [{ kind: 'put', collection: 'meta', id: 'm', value: 1 }], records: [{ log: 'events', day: '../../etc', id: 'x', value: 1 }] });
      await expect(attempt).rejects.toThrow(TypeError);
      expect(await store.get('meta', 'm')).toBeUndefined();
    });

    test('purging a log removes the days before the one given, and only those', async () => {
      const records = ['2026-11-29', '2026-11-30', '2026-12-01'].map((day) => ({ log: 'events' as const, day, id: `${day}T10:00:00Z`, value: day }));
      await store.commit({ changes: [], records });
      await store.flush();
      await store.commit({ changes: [], records: [{ log: 'events', day: '2026-11-29', id: '2026-11-29T11:00:00Z', value: 'late' }] });
      expect(await store.logs.purge('events', '2026-12-01')).toBe(3);
      expect(await store.logs.read('events', '2026-11-29')).toEqual([]);
      expect(await store.logs.read('events', '2026-11-30')).toEqual([]);
      expect(await store.logs.read('events', '2026-12-01')).toEqual(['2026-12-01']);
    });

    describe("as botbuilder's Storage (its storage contract's cases)", () => {
      const KEY = 'msteams/conversations/19:abc@thread.tacv2';
      const storage = () => new DocumentStateStorage(store);

      test('unknown keys read as nothing', async () => {
        expect(await storage().read(['unknown', 'also unknown'])).toEqual({});
      });

      test('odd keys are written, read and deleted as themselves', async () => {
        const items = Object.fromEntries(AWKWARD_IDS.map((id, n) => [id, { n }]));
        await storage().write(items);
        const read = await storage().read(AWKWARD_IDS);
        expect(Object.keys(read).sort()).toEqual([...AWKWARD_IDS].sort());
        AWKWARD_IDS.forEach((id, n) => expect(read[id]).toEqual({ n, eTag: '1' }));
        await storage().delete(AWKWARD_IDS);
        expect(await storage().read(AWKWARD_IDS)).toEqual({});
      });

      test.each`
        stored       | eTag         | outcome
        ${'nothing'} | ${undefined} | ${'written'}
        ${'nothing'} | ${'*'}       | ${'written'}
        ${'v2'}      | ${'*'}       | ${'written'}
        ${'v2'}      | ${'2'}       | ${'written'}
        ${'v2'}      | ${'1'}       | ${'rejected'}
        ${'v2'}      | ${'3'}       | ${'rejected'}
        ${'v2'}      | ${'W/"x"'}   | ${'rejected'}
      `('with $stored stored, a write with eTag $eTag is $outcome', async ({ stored, eTag, outcome }) => {
        if (stored === 'v2') {
          await store.put('state', KEY, { turn: 1 });
          await store.put('state', KEY, { turn: 2 });
        }
        const attempt = storage().write({ [KEY]: eTag === undefined ? { turn: 'mine' } : { turn: 'mine', eTag } });
        if (outcome === 'written') {
          await attempt;
          expect((await storage().read([KEY]))[KEY]?.['turn']).toBe('mine');
        } else {
          await expect(attempt).rejects.toThrow(StateConflictError);
          expect((await storage().read([KEY]))[KEY]).toEqual({ turn: 2, eTag: '2' });
        }
      });

      test('batch writes land together and deletes ignore keys never written', async () => {
        await storage().write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
        await storage().delete(['a', 'c', 'never-written']);
        expect(await storage().read(['a', 'b', 'c'])).toEqual({ b: { n: 2, eTag: '1' } });
      });
    });
  });
}