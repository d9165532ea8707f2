import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths';
import { proseOf } from '../support/cards';
import { LocalConnector } from '../support/connector';
import { Conversation, type BotHarness } from '../support/harness';
import { acceptData, caseIdOf, requestAgent, tuesday } from './escalationChat';

/** The built server (`node dist/src/index.js`) in a child process, so it can be killed for real. */
class ServerProcess {
  private sequence = 0;
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly connector: LocalConnector,
  ) {}

  static async start(dataDir: string, connector: LocalConnector): Promise<ServerProcess> {
    const child = spawn(process.execPath, [join(projectRoot(), 'dist/src/index.js')], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, BOT_NOW: tuesday, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /"port":(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
    });
    return new ServerProcess(child, port, connector);
  }

  post(body: unknown): Promise<Response> {
    return fetch(`http://127.0.0.1:${this.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** A conversation against this process (the harness's Conversation only needs `post` and `connector`). */
  conversation(userId: string, id = `conv-${userId}-${++this.sequence}`): Conversation {
    return new Conversation(this as unknown as BotHarness, userId, {}, id);
  }

  async kill(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}

let dataDir: string | undefined;
const connector = new LocalConnector();
let server: ServerProcess | undefined;

beforeAll(async () => {
  const root = projectRoot();
  const started = Date.now();
  // Type errors elsewhere in the tree do not stop tsc from emitting; what matters is a fresh server file.
  spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'ignore' });
  const built = statSync(join(root, 'dist/src/index.js'), { throwIfNoEntry: false });
  if (!built || built.mtimeMs < started - 1000) throw new Error('The build did not produce dist/src/index.js: run `npm run build` and read its errors.');
  await connector.start();
  dataDir = await mkdtemp(join(tmpdir(), 'bot-restart-'));
}, 60_000);

afterAll(async () => {
  await server?.kill();
  await connector.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function receivedText(chat: Conversation, since: number): string {
  return proseOf(connector.activitiesFor(chat.id, since));
}

test('SIGKILL in the middle of a live chat loses nothing: after a restart messages still relay both ways', async () => {
  server = await ServerProcess.start(dataDir!, connector);
  const eve = server.conversation('agent-eve', 'conv-eve');
  await eve.join();
  await eve.click('Go available');
  const ana = server.conversation('ana', 'conv-ana');
  const caseId = caseIdOf(await requestAgent(ana));
  await eve.submit(acceptData(caseId));

  let before = connector.calls.length;
  await ana.say('Hello, are you there?');
  expect(receivedText(eve, before)).toBe('Ana Ruiz: Hello, are you there?');

  await server.kill();
  server = await ServerProcess.start(dataDir!, connector);
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
