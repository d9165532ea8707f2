import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRuntime, type BotRuntime } from '../../src/app';
import { activityAsText, ConsoleAdapter, type OutgoingActivity } from '../../src/bot/console';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

let dataDir: string;
let runtime: BotRuntime;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bot-console-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, BOT_NOW: '2026-12-01T15:00:00Z' }), createLogger('silent', quiet));
});

afterAll(async () => {
  await runtime.store.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('the terminal chat runs the same bot: cards read as text and buttons are picked by their data', async () => {
  const printed: OutgoingActivity[] = [];
  const adapter = new ConsoleAdapter((activity) => printed.push(activity), 'ana');
  runtime.prepare(adapter);
  const logic = runtime.bot.run.bind(runtime.bot);

  await adapter.receive({ type: 'conversationUpdate', membersAdded: [{ id: 'ana', name: 'Ana' }] }, logic);
  const welcome = activityAsText(printed.at(-1)!);
  expect(welcome.lines.join(' ')).toMatch(/Hi Ana/);
  expect(welcome.buttons.map((b) => b.title)).toEqual(['Get Help', 'Search articles', 'Contact a support agent']);

  await adapter.receive({ value: welcome.buttons[0]!.data }, logic);
  expect(activityAsText(printed.at(-1)!).buttons.map((b) => b.title)).toContain('Post-purchase support');

  await adapter.receive({ text: 'when does our AutoCAD renew?' }, logic);
  expect(activityAsText(printed.at(-1)!).lines.join('\n')).toMatch(/January 15, 2027/);
});
