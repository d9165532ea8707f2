import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proseOf } from '../support/cards';
import { LocalConnector } from '../support/connector';
import type { Conversation } from '../support/harness';
import { buildServer, ServerProcess } from '../support/serverProcess';
import { acceptData, caseIdOf, requestAgent, tuesday } from './escalationChat';

let dataDir: string | undefined;
const connector = new LocalConnector();
let server: ServerProcess | undefined;

beforeAll(async () => {
  buildServer();
  await connector.start();
  dataDir = await mkdtemp(join(tmpdir(), 'bot-restart-'));
}, 60_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  await connector.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function receivedText(chat: Conversation, since: number): string {
  return proseOf(connector.activitiesFor(chat.id, since));
}

test('SIGKILL in the middle of a live chat loses nothing: after a restart messages still relay both ways', async () => {
  server = await ServerProcess.start({ DATA_DIR: dataDir!, BOT_NOW: tuesday }, { connector });
  const eve = server.conversation('agent-eve', 'conv-eve');
  await eve.join();
  await eve.click('Go available');
  const ana = server.conversation('ana', 'conv-ana');
  const caseId = caseIdOf(await requestAgent(ana));
  await eve.submit(acceptData(caseId));

  let before = connector.calls.length;
  await ana.say('Hello, are you there?');
  expect(receivedText(eve, before)).toBe('Ana Ruiz: Hello, are you there?');

  await server.stop('SIGKILL');
  server = await ServerProcess.start({ DATA_DIR: dataDir!, BOT_NOW: tuesday }, { connector });
  const anaAgain = server.conversation('ana', 'conv-ana');
  const eveAgain = server.conversation('agent-eve', 'conv-eve');

  before = connector.calls.length;
  expect(await anaAgain.say('Still there after the restart?')).toEqual([]);
  expect(receivedText(eveAgain, before)).toBe('Ana Ruiz: Still there after the restart?');

  before = connector.calls.length;
  expect(await eveAgain.say('Yes, still here.')).toEqual([]);
  expect(receivedText(anaAgain, before)).toBe('Eve Sato: Yes, still here.');

  before = connector.calls.length;
  expect(proseOf(await eveAgain.say('/transcript'))).toMatch(/Hello, are you there\?[\s\S]*Still there after the restart\?[\s\S]*Yes, still here\./);
  await eveAgain.say('/end');
  expect(receivedText(anaAgain, before)).toMatch(/Was your issue resolved\?/);
}, 60_000);

test('SIGTERM lets the turn in flight finish and store its state, then exits cleanly', async () => {
  const stateDir = await mkdtemp(join(tmpdir(), 'bot-sigterm-'));
  const slow = new LocalConnector();
  await slow.start();
  slow.replyDelayMs = 500;
  try {
    const process = await ServerProcess.start({ DATA_DIR: stateDir }, { connector: slow });
    const chat = process.conversation('visitor', 'conv-sigterm');
    const turn = chat.say('How do I renew early?');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exitCode = process.stop('SIGTERM');
    await turn;
    expect(proseOf(chat.last)).toMatch(/90 days/);
    expect(await exitCode).toBe(0);
    const stateFiles = await readdir(join(stateDir, 'state'));
    expect(stateFiles.some((file) => file.includes('conv-sigterm'))).toBe(true);
  } finally {
    await slow.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}, 30_000);
