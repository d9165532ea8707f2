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
});
