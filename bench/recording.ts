import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, round } from './stats';
import { benchDatabase, runLoad, withServer, type LoadResult } from './turns';

/**
 * What recording analytics events costs: knowledge turns against the bot with events on and off
 * (ANALYTICS_EVENTS), both servers up at once and taking turns round after round, on lowdb and, when a
 * server answers, on PostgreSQL. The bar: recording costs at most 5% of throughput.
 */
export async function benchRecording(distRoot: string, turns = 1500, concurrency = 32, rounds = 6): Promise<void> {
  const bot = join(distRoot, 'src/index.js');
  const env = { BOT_NOW: '2026-12-01T15:00:00Z' };
  const dirs = [await mkdtemp(join(tmpdir(), 'bench-rec-on-')), await mkdtemp(join(tmpdir(), 'bench-rec-off-'))];
  const database = await benchDatabase();
  const storages: [string, Record<string, string>, Record<string, string>][] = [
    ['lowdb', { DATA_DIR: dirs[0]! }, { DATA_DIR: dirs[1]! }],
    ...(database ? [['PostgreSQL', { DATABASE_URL: database.url }, { DATABASE_URL: database.url }] as [string, Record<string, string>, Record<string, string>]] : []),
  ];
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [storage, onEnv, offEnv] of storages) {
      await withServer(bot, { ...env, ...onEnv, ANALYTICS_EVENTS: 'true' }, (on, onConnector) =>
        withServer(bot, { ...env, ...offEnv, ANALYTICS_EVENTS: 'false' }, async (off, offConnector) => {
          await runLoad(on, onConnector, 1000, concurrency);
          await runLoad(off, offConnector, 1000, concurrency);
          const results: { on: LoadResult[]; off: LoadResult[] } = { on: [], off: [] };
          for (let r = 0; r < rounds; r++) {
            // Alternate which goes first, so a burst on the shared machine does not favour one side.
            const order = r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
            for (const side of order) results[side].push(await runLoad(side === 'on' ? on : off, side === 'on' ? onConnector : offConnector, turns, concurrency));
          }
          const onTps = median(results.on.map((x) => x.throughput));
          const offTps = median(results.off.map((x) => x.throughput));
          const onCpu = median(results.on.map((x) => x.cpuMsPerTurn));
          const offCpu = median(results.off.map((x) => x.cpuMsPerTurn));
          const row = (events: string, tps: number, cpu: number, side: LoadResult[]) => ({
            storage,
            events,
            'turns/s': tps,
            'p95 ms': median(side.map((x) => x.p95)),
            'bot CPU ms/turn': cpu,
            'rounds turns/s': side.map((x) => x.throughput).join(' '),
          });
          rows.push(row('off', offTps, offCpu, results.off), row('on', onTps, onCpu, results.on));
          process.stdout.write(
            `${storage}: recording costs ${round(((offTps - onTps) / offTps) * 100, 1)}% of knowledge-turn throughput and ${round(((onCpu - offCpu) / offCpu) * 100, 1)}% more bot CPU per turn (medians of ${rounds} rounds; negative: within noise)\n`,
          );
        }),
      );
    }
    printTable(`Knowledge turns with and without analytics events (concurrency ${concurrency}, ${rounds} alternating rounds of ${turns} turns)`, rows);
    if (!database) process.stdout.write('PostgreSQL rows skipped: no server answers at DATABASE_URL or postgres://postgres@127.0.0.1:5432/test.\n');
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await database?.drop();
  }
}
