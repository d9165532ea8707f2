import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnector } from '../test/support/connector';
import { postgresReachable, TestSchema } from '../test/support/postgres';
import { ServerProcess } from '../test/support/serverProcess';
import { median, percentile, printTable, round } from './stats';

const QUESTIONS = [
  'Can I renew my subscription early?',
  'How do I turn off auto-renew?',
  'Where do I see my purchase history?',
  'I bought through a reseller, how do I update payment details?',
  'What does the Insights page show?',
  'How do I see how many seats one team is using?',
  'Who is the contract manager?',
  'My Flex tokens are expiring soon',
];

export interface LoadResult {
  turns: number;
  seconds: number;
  throughput: number;
  p50: number;
  p95: number;
  /** CPU time the bot processes spent per turn, all replicas together: steadier than throughput on a shared machine. */
  cpuMsPerTurn: number;
  peakRssMiB: number;
}

/**
 * Sends `turns` knowledge questions with `concurrency` in flight, each from its own conversation in a pool
 * named by `pool`; with several servers (replicas behind a load balancer), each turn goes to the next one in
 * turn. Servers that share a database are given pools of their own: turns of one server in another's
 * conversations would find their state changed by it, and be measured losing races no real user causes.
 */
export async function runLoad(servers: ServerProcess | ServerProcess[], connector: LocalConnector, turns: number, concurrency: number, conversations = 200, pool = 'bench'): Promise<LoadResult> {
  const replicas = Array.isArray(servers) ? servers : [servers];
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = replicas.reduce((sum, replica) => sum + replica.cpuMs(), 0);
  const started = performance.now();
  const worker = async () => {
    while (next < turns) {
      const n = next++;
      const conversation = `${pool}-${n % conversations}`;
      const body = {
        type: 'message',
        id: `m-${n}`,
        channelId: 'emulator',
        serviceUrl: connector.url,
        conversation: { id: conversation },
        from: { id: `${pool}-user-${n % conversations}` },
        recipient: { id: 'bot' },
        text: QUESTIONS[n % QUESTIONS.length],
      };
      const t0 = performance.now();
      const server = replicas[n % replicas.length]!;
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      if (response.status >= 400) throw new Error(`turn ${n} answered ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = replicas.reduce((sum, replica) => sum + replica.cpuMs(), 0) - cpuBefore;
  return {
    turns,
    seconds: round(seconds),
    throughput: round(turns / seconds, 1),
    p50: round(median(latencies)),
    p95: round(percentile(latencies, 95)),
    cpuMsPerTurn: round(cpuMs / turns, 2),
    peakRssMiB: Math.max(...replicas.map((replica) => replica.peakRssMiB())),
  };
}

export async function withServer<T>(script: string, env: Record<string, string>, use: (server: ServerProcess, connector: LocalConnector) => Promise<T>): Promise<T> {
  return withServers(script, [env], (servers, connector) => use(servers[0]!, connector));
}

/** Starts one server per environment, all replying to one local connector. */
export async function withServers<T>(script: string, envs: Record<string, string>[], use: (servers: ServerProcess[], connector: LocalConnector) => Promise<T>): Promise<T> {
  const connector = new LocalConnector();
  await connector.start();
  const servers: ServerProcess[] = [];
  try {
    for (const env of envs) servers.push(await ServerProcess.start(env, { script }));
    return await use(servers, connector);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await connector.stop();
  }
}

/** The median of each figure over several rounds. */
function medianResult(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((result) => result[key]));
  return { turns: pick('turns'), seconds: pick('seconds'), throughput: pick('throughput'), p50: pick('p50'), p95: pick('p95'), cpuMsPerTurn: pick('cpuMsPerTurn'), peakRssMiB: Math.max(...results.map((r) => r.peakRssMiB)) };
}

interface Contender {
  name: string;
  /** Its own conversations (see `runLoad`). */
  pool: string;
  servers: ServerProcess[];
  connector: LocalConnector;
}

/**
 * Knowledge-question turns against the bot (one lowdb process, one replica on PostgreSQL, two replicas on
 * PostgreSQL) and a bare echo bot on the same stack, in one run. Every server stays up and they take turns,
 * round after round, so a burst of load on the machine hits all of them.
 */
export async function benchTurns(distRoot: string, turns = 2000, concurrency = 32, rounds = 5): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-turns-'));
  const database = await benchDatabase();
  const botEnv = { BOT_NOW: '2026-12-01T15:00:00Z' };
  const bot = join(distRoot, 'src/index.js');
  try {
    await withServer(join(distRoot, 'bench/echoServer.js'), {}, (echo, echoConnector) =>
      withServer(bot, { ...botEnv, DATA_DIR: dataDir }, (lowdb, lowdbConnector) =>
        withServers(bot, database ? [{ ...botEnv, DATABASE_URL: database.url }] : [], (single, singleConnector) =>
          withServers(bot, database ? [{ ...botEnv, DATABASE_URL: database.url }, { ...botEnv, DATABASE_URL: database.url }] : [], async (pair, pairConnector) => {
            const contenders: Contender[] = [
              { name: 'echo (baseline)', pool: 'echo', servers: [echo], connector: echoConnector },
              { name: 'lowdb, one process', pool: 'lowdb', servers: [lowdb], connector: lowdbConnector },
              ...(database
                ? [
                    { name: 'PostgreSQL, one replica', pool: 'single', servers: single, connector: singleConnector },
                    { name: 'PostgreSQL, two replicas', pool: 'pair', servers: pair, connector: pairConnector },
                  ]
                : []),
            ];
            for (const contender of contenders) await runLoad(contender.servers, contender.connector, 2000, concurrency, 200, contender.pool);
            const results = new Map<string, LoadResult[]>(contenders.map((contender) => [contender.name, []]));
            for (let round = 0; round < rounds; round++) {
              for (const contender of contenders) results.get(contender.name)!.push(await runLoad(contender.servers, contender.connector, turns, concurrency, 200, contender.pool));
            }
            const echoResult = medianResult(results.get('echo (baseline)')!);
            const rows = contenders.map((contender) => {
              const result = medianResult(results.get(contender.name)!);
              return {
                handler: contender.name,
                'turns/s': result.throughput,
                'p50 ms': result.p50,
                'p95 ms': result.p95,
                'x echo turns/s': round2(result.throughput / echoResult.throughput),
                'bot CPU ms/turn': result.cpuMsPerTurn,
                'peak RSS MiB (per process)': result.peakRssMiB,
              };
            });
            printTable(`Knowledge turns over HTTP (concurrency ${concurrency}, median of ${rounds} alternating rounds of ${turns} turns, after 2000 warm-up turns each)`, rows);
            if (!database) process.stdout.write('PostgreSQL rows skipped: no server answers at DATABASE_URL or postgres://postgres@127.0.0.1:5432/test.\n');
            for (const contender of contenders) process.stdout.write(`rounds (turns/s) ${contender.name}: ${results.get(contender.name)!.map((r) => r.throughput).join(', ')}\n`);
          }),
        ),
      ),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

const round2 = (value: number) => round(value);

/** A migrated schema of its own on the local PostgreSQL, or undefined when none answers. */
export async function benchDatabase(): Promise<TestSchema | undefined> {
  try {
    if (!postgresReachable()) return undefined;
    return await TestSchema.create();
  } catch {
    return undefined;
  }
}
