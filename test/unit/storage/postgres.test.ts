import { randomBytes } from 'node:crypto';
import { StorageUnavailableError } from '../../../src/storage/ports';
import { describeWithPostgres } from '../../support/describeWithPostgres';
import { TestSchema } from '../../support/postgres';
import { describeDocumentStoreContract } from './documentStore.contract';

describeWithPostgres()('on PostgreSQL', () => {
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    schema = await TestSchema.create();
  }, 60_000);
  afterAll(async () => schema?.drop());

  describeDocumentStoreContract('PostgresStore', async () => {
    if (!schema) throw new Error('The schema is made in beforeAll.');
    await schema.truncate();
    const store = await schema.open();
    return { store, dispose: () => store.close() };
  });

  test('a write the server refuses fails alone, not the turns that committed at the same moment', async () => {
    if (!schema) throw new Error('The schema is made in beforeAll.');
    await schema.truncate();
    const store = await schema.open();
    try {
      const ids = Array.from({ length: 12 }, (_, n) => `c${n}`);
      for (const id of ids) await store.commit({ changes: [{ kind: 'put', collection: 'state', id, value: 0, expected: 'absent' }] });
      // A record id beyond what an index entry can hold: the server refuses the statement that carries it.
      const hugeId = randomBytes(8000).toString('base64');
      const outcomes = await Promise.allSettled(
        ids.map((id, n) =>
          store.commit({ changes: [{ kind: 'put', collection: 'state', id, value: n, expected: 1 }], records: [{ log: 'events', day: '2026-12-01', id: n === 5 ? hugeId : id, value: n }] }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(ids.map((_, n) => (n === 5 ? 'rejected' : 'fulfilled')));
      expect(outcomes[5]).toMatchObject({ reason: expect.any(StorageUnavailableError) });
      expect((await store.get('state', 'c5'))?.version).toBe(1);
      expect((await store.get('state', 'c11'))?.version).toBe(2);
      expect(await store.logs.read('events', '2026-12-01')).toHaveLength(11);
    } finally {
      await store.close();
    }
  });
});
