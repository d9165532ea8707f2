import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLowdbStore } from '../src/storage/lowdb/lowdbDocumentStore';
import { printTable, round } from './stats';
import type { TestSchema } from '../test/support/postgres';
import { benchDatabase, runLoad, withServer } from './turns';

/** A conversation's stored state as the bot writes it, give or take. */
function sampleState(n: number): Record<string, unknown> {
  return {
    dialogState: {
      dialogStack: [{ id: 'main', state: { searches: [`question ${n}`], articlesShown: [{ id: 'renew-early', title: 'Renew a subscription early' }], failedSearches: 0, features: {}, menuNode: 'renewals' } }],
    },
  };
}

async function seed(dataDir: string, conversations: number): Promise<void> {
  const store = await openLowdbStore(dataDir);
  let next = 0;
  const worker = async () => {
    while (next < conversations) {
      const n = next++;
      await store.put('state', `emulator/conversations/stored-${n}/`, sampleState(n));
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await store.close();
}

/** Seeds `conversations` stored states straight into a migrated schema, in one statement. */
async function seedPostgres(schema: TestSchema, conversations: number): Promise<void> {
  await schema.truncate();
  await schema.sql(
    `INSERT INTO ${schema.name}.documents (collection, id, version, value)
     SELECT 'state', 'emulator/conversations/stored-' || g || '/', 1, replace($1, '#', g::text) FROM generate_series(1, $2::int) AS g`,
    [JSON.stringify(sampleState(0)).replace('question 0', 'question #'), conversations],
  );
  await schema.sql(`ANALYZE ${schema.name}.documents`);
}

/** p95 turn latency with few and with many stored conversations, on lowdb and on PostgreSQL; neither may slow down as it fills. */
export async function benchStateGrowth(distRoot: string, sizes: number[] = [100, 100_000], turns = 2000): Promise<void> {
  const bot = join(distRoot, 'src/index.js');
  const env = { BOT_NOW: '2026-12-01T15:00:00Z' };
  const measure = async (serverEnv: Record<string, string>) =>
    withServer(bot, serverEnv, async (server, connector) => {
      await runLoad(server, connector, 300, 32, 1000);
      return runLoad(server, connector, turns, 32, 1000);
    });
  for (const store of ['lowdb', 'postgres'] as const) {
    const database = store === 'postgres' ? await benchDatabase() : undefined;
    if (store === 'postgres' && !database) {
      process.stdout.write('\nState growth on PostgreSQL skipped: no server answers.\n');
      continue;
    }
    const rows: Record<string, string | number>[] = [];
    try {
      for (const size of sizes) {
        const dataDir = await mkdtemp(join(tmpdir(), 'bench-state-'));
        try {
          const seeding = performance.now();
          if (database) await seedPostgres(database, size);
          else await seed(dataDir, size);
          const seeded = round((performance.now() - seeding) / 1000, 1);
          const result = await measure(database ? { ...env, DATABASE_URL: database.url } : { ...env, DATA_DIR: dataDir });
          rows.push({ 'stored conversations': size, 'seeding s': seeded, 'turns/s': result.throughput, 'p50 ms': result.p50, 'p95 ms': result.p95, 'peak RSS MiB': result.peakRssMiB });
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      }
    } finally {
      await database?.drop();
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (first && last) rows.push({ 'stored conversations': 'ratio', 'p95 ms': round(Number(last['p95 ms']) / Number(first['p95 ms'])) });
    printTable(`State growth on ${store} (1000 active conversations, ${turns} turns, concurrency 32)`, rows);
  }
}
