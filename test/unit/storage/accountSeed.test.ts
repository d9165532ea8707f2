import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccountData } from '../../../src/domain/accounts/schema';
import { projectRoot } from '../../../src/paths';
import { AccountRepository } from '../../../src/storage/accountRepository';
import { MemoryDocumentStore } from '../../../src/storage/memory/memoryDocumentStore';
import type { Store } from '../../../src/storage/ports';
import { describeWithPostgres } from '../../support/describeWithPostgres';
import { TestSchema } from '../../support/postgres';

const demo = parseAccountData(JSON.parse(readFileSync(join(projectRoot(), 'fixtures/demo-accounts.json'), 'utf8')));

/** Replicas starting together on an empty store: each has its own repository on the shared store. */
async function seedTogether(stores: Store[]): Promise<boolean[]> {
  return Promise.all(stores.map((store) => new AccountRepository(store).seedIfEmpty(demo)));
}

async function expectSeededOnce(store: Store, results: boolean[]): Promise<void> {
  expect(results.filter(Boolean)).toHaveLength(1);
  const directory = await new AccountRepository(store).directory();
  expect(directory.tenants.map((tenant) => tenant.id).sort()).toEqual(demo.tenants.map((tenant) => tenant.id).sort());
  expect(directory.agents).toHaveLength(demo.agents.length);
}

describe('seeding the demo account data', () => {
  test('processes starting together seed an empty store once, and none of them fails', async () => {
    const store = new MemoryDocumentStore();
    await expectSeededOnce(store, await seedTogether([store, store, store]));
    expect(await new AccountRepository(store).seedIfEmpty(demo)).toBe(false);
  });
});

describeWithPostgres()('seeding on PostgreSQL', () => {
  test('two replicas starting together on an empty database: one seeds, the other carries on', async () => {
    const schema = await TestSchema.create();
    const stores = [await schema.open(), await schema.open()];
    try {
      await expectSeededOnce(stores[0]!, await seedTogether(stores));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
      await schema.drop();
    }
  }, 60_000);
});
