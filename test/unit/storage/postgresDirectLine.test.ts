import { PostgresDirectLineLog } from '../../../src/storage/postgres/directLineLog';
import type { PostgresStore } from '../../../src/storage/postgres/postgresStore';
import { describeWithPostgres } from '../../support/describeWithPostgres';
import { TestSchema } from '../../support/postgres';
import { describeDirectLineLogContract } from './directLineLog.contract';

describeWithPostgres()('on PostgreSQL', () => {
  let schema: TestSchema | undefined;
  beforeAll(async () => {
    schema = await TestSchema.create();
  }, 60_000);
  afterAll(async () => schema?.drop());

  describeDirectLineLogContract('PostgresDirectLineLog', async (limits) => {
    if (!schema) throw new Error('The schema is made in beforeAll.');
    await schema.sql(`TRUNCATE ${schema.name}.directline_conversations CASCADE`);
    // Two replicas: each its own pool and its own LISTEN connection on the same tables.
    const stores: PostgresStore[] = [await schema.open(), await schema.open()];
    const [log, other] = stores.map((store) => new PostgresDirectLineLog(store.connections, store.notifications, `bot_directline_${schema!.name}`, limits)) as [PostgresDirectLineLog, PostgresDirectLineLog];
    return { log, other, dispose: async () => void (await Promise.all(stores.map((store) => store.close()))) };
  });
});
