import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TurnContext } from 'botbuilder';
import { createRuntime, type BotRuntime } from '../../../src/app';
import { ConsoleAdapter, type OutgoingActivity } from '../../../src/bot/console';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';

let dataDir: string;
let runtime: BotRuntime;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'support-bot-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir }), createLogger('silent', quiet));
});

afterAll(async () => {
  await runtime.store.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('dialog memory scopes are collected on the first turn and reused after it', async () => {
  const printed: OutgoingActivity[] = [];
  const adapter = new ConsoleAdapter((activity) => printed.push(activity), 'ana');
  runtime.prepare(adapter);
  const configurations: unknown[] = [];
  const logic = async (context: TurnContext) => {
    await runtime.bot.run(context);
    configurations.push(context.turnState.get('DialogStateManagerConfiguration'));
  };
  for (const text of ['menu', 'how do I renew early?', 'start over']) await adapter.receive({ text }, logic);
  expect(printed.length).toBeGreaterThanOrEqual(3);
  expect(configurations[0]).toMatchObject({ memoryScopes: expect.arrayContaining([expect.anything()]) });
  expect(configurations[1]).toBe(configurations[0]);
  expect(configurations[2]).toBe(configurations[0]);
});
