import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnector } from '../test/support/connector';
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
  peakRssMiB: number;
}

/** Sends `turns` knowledge questions with `concurrency` in flight, each from its own conversation in a pool. */
export async function runLoad(server: ServerProcess, connector: LocalConnector, turns: number, concurrency: number, conversations = 200): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < turns) {
      const n = next++;
      const conversation = `bench-${n % conversations}`;
      const body = {
        type: 'message',
        id: `m-${n}`,
        channelId: 'emulator',
        serviceUrl: connector.url,
        conversation: { id: conversation },
        from: { id: `user-${n % conversations}` },
        recipient: { id: 'bot' },
        text: QUESTIONS[n % QUESTIONS.length],
      };
      const t0 = performance.now();
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      if (response.status >= 400) throw new Error(`turn ${n} answered ${response.status}`);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    turns,
    seconds: round(seconds),
    throughput: round(turns / seconds, 1),
    p50: round(median(latencies)),
    p95: round(percentile(latencies, 95)),
    peakRssMiB: server.peakRssMiB(),
  };
}

export async function withServer<T>(script: string, env: Record<string, string>, use: (server: ServerProcess, connector: LocalConnector) => Promise<T>): Promise<T> {
  const connector = new LocalConnector();
  await connector.start();
  connector.calls.length = 0;
  const server = await ServerProcess.start(env, { script });
  try {
    return await use(server, connector);
  } finally {
    await server.stop();
    await connector.stop();
  }
}

/** The median of each figure over several rounds. */
function medianResult(results: LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(results.map((result) => result[key]));
  return { turns: pick('turns'), seconds: pick('seconds'), throughput: pick('throughput'), p50: pick('p50'), p95: pick('p95'), peakRssMiB: Math.max(...results.map((r) => r.peakRssMiB)) };
}

/**
 * Knowledge-question turns against the bot and against a bare echo bot on the same stack, in one run.
 * Both servers stay up and take turns, round after round, so a burst of load on the machine hits both.
 */
export async function benchTurns(distRoot: string, turns = 2000, concurrency = 32, rounds = 5): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-turns-'));
  try {
    await withServer(join(distRoot, 'bench/echoServer.js'), {}, (echoServer, echoConnector) =>
      withServer(join(distRoot, 'src/index.js'), { DATA_DIR: dataDir, BOT_NOW: '2026-12-01T15:00:00Z' }, async (botServer, botConnector) => {
        await runLoad(echoServer, echoConnector, 2000, concurrency);
        await runLoad(botServer, botConnector, 2000, concurrency);
        const echoRounds: LoadResult[] = [];
        const botRounds: LoadResult[] = [];
        for (let round = 0; round < rounds; round++) {
          echoRounds.push(await runLoad(echoServer, echoConnector, turns, concurrency));
          botRounds.push(await runLoad(botServer, botConnector, turns, concurrency));
        }
        const echo = medianResult(echoRounds);
        const bot = medianResult(botRounds);
        printTable(`Turns over HTTP (concurrency ${concurrency}, median of ${rounds} alternating rounds of ${turns} turns, after 2000 warm-up turns each)`, [
          { handler: 'echo (baseline)', 'turns/s': echo.throughput, 'p50 ms': echo.p50, 'p95 ms': echo.p95, 'peak RSS MiB': echo.peakRssMiB },
          { handler: 'knowledge questions', 'turns/s': bot.throughput, 'p50 ms': bot.p50, 'p95 ms': bot.p95, 'peak RSS MiB': bot.peakRssMiB },
          { handler: 'ratio bot/echo', 'turns/s': round(bot.throughput / echo.throughput), 'p50 ms': round(bot.p50 / echo.p50), 'p95 ms': round(bot.p95 / echo.p95), 'peak RSS MiB': '' },
        ]);
        process.stdout.write(`rounds (turns/s): echo ${echoRounds.map((r) => r.throughput).join(', ')}; bot ${botRounds.map((r) => r.throughput).join(', ')}\n`);
      }),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
