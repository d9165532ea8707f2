import { ConcurrencyError, type DocumentStore, update } from '../../../src/storage/ports';

export interface StoreUnderTest {
  store: DocumentStore;
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
    let store: DocumentStore;
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
  });
}
