import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, round } from './stats';
import type { LocalConnector } from '../test/support/connector';
import type { ServerProcess } from '../test/support/serverProcess';
import { benchDatabase, runLoad, withServer, type LoadResult } from './turns';

type Side = 'on' | 'off';

/**
 * What recording analytics events costs: knowledge turns against the bot with events on and off
 * (ANALYTICS_EVENTS), both servers up at once and taking turns round after round, on lowdb and, when a
 * server answers, on PostgreSQL. The bar: recording costs at most 5% of throughput. Of two servers
 * started one after the other, the first measured a few percent slower in every pairing tried here, even
 * of two identical ones; so each side is started first in one of two sessions of half the rounds.
 */
export async function benchRecording(distRoot: string, turns = 1500, concurrency = 32, rounds = 8): Promise<void> {
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
      const envs: Record<Side, Record<string, string>> = { on: { ...env, ...onEnv, ANALYTICS_EVENTS: 'true' }, off: { ...env, ...offEnv, ANALYTICS_EVENTS: 'false' } };
      const results: Record<Side, LoadResult[]> = { on: [], off: [] };
      for (const order of [['on', 'off'], ['off', 'on']] as const) {
        await withServer(bot, envs[order[0]], (first, firstConnector) =>
          withServer(bot, envs[order[1]], async (second, secondConnector) => {
            const servers = { [order[0]]: { server: first, connector: firstConnector }, [order[1]]: { server: second, connector: secondConnector } } as Record<Side, { server: ServerProcess; connector: LocalConnector }>;
            for (const side of order) await runLoad(servers[side].server, servers[side].connector, 1000, concurrency, 200, side);
            for (let r = 0; r < rounds / 2; r++) {
              // Alternate which goes first, so a burst on the shared machine does not favour one side.
              for (const side of r % 2 === 0 ? order : ([order[1], order[0]] as const)) results[side].push(await runLoad(servers[side].server, servers[side].connector, turns, concurrency, 200, side));
            }
          }),
        );
      }
      const onTps = median(results.on.map((x) => x.throughput));
      const offTps = median(results.off.map((x) => x.throughput));
      const onCpu = median(results.on.map((x) => x.cpuMsPerTurn));
      const offCpu = median(results.off.map((x) => x.cpuMsPerTurn));
      const row = (events: Side, tps: number, cpu: number) => ({
        storage,
        events,
        'turns/s': tps,
        'p95 ms': median(results[events].map((x) => x.p95)),
        'bot CPU ms/turn': cpu,
        'rounds turns/s': results[events].map((x) => x.throughput).join(' '),
      });
      rows.push(row('off', offTps, offCpu), row('on', onTps, onCpu));
      process.stdout.write(
        `${storage}: recording costs ${round(((offTps - onTps) / offTps) * 100, 1)}% of knowledge-turn throughput and ${round(((onCpu - offCpu) / offCpu) * 100, 1)}% more bot CPU per turn (medians of ${rounds} rounds; negative: within noise)\n`,
      );
    }
    printTable(`Knowledge turns with and without analytics events (concurrency ${concurrency}, ${rounds} alternating rounds of ${turns} turns)`, rows);
    if (!database) process.stdout.write('PostgreSQL rows skipped: no server answers at DATABASE_URL or postgres://postgres@127.0.0.1:5432/test.\n');
  } finally {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    await database?.drop();
  }
}
