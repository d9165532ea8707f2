import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths';
import { buildServer, ServerProcess } from '../support/serverProcess';

/** What `npm start` exposes as it comes, and what it refuses to expose without being told. */

let dataDir: string;

beforeAll(async () => {
  buildServer();
  dataDir = await mkdtemp(join(tmpdir(), 'bot-defaults-'));
}, 60_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === 'IPv4')?.address;
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Runs the built server expecting it not to start; resolves with its exit code and what it wrote. */
function refusedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'dist/src/index.js')], {
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function demoToken(server: ServerProcess, user?: string): Promise<number> {
  const response = await fetch(`${server.url}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user === undefined ? {} : { user }),
  });
  return response.status;
}

test('by default it listens on loopback only, and demo sign-in works there', async () => {
  const server = await ServerProcess.start({ DATA_DIR: dataDir });
  try {
    expect(await reachable('127.0.0.1', server.port)).toBe(true);
    const external = externalAddress();
    if (external) expect(await reachable(external, server.port)).toBe(false);
    expect(await demoToken(server, 'ana')).toBe(200);
  } finally {
    await server.stop();
  }
});

test('another interface without an app id refuses to start and says why', async () => {
  const { code, output } = await refusedStart({ HOST: '0.0.0.0' });
  expect(code).toBe(2);
  expect(output).toMatch(/Refusing to listen on 0\.0\.0\.0 without MicrosoftAppId[\s\S]*ALLOW_UNAUTHENTICATED_NETWORK=true/);
  expect(output).not.toMatch(/"port":/);
});

test('demo sign-in on another interface refuses to start without its own opt-in', async () => {
  const { code, output } = await refusedStart({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true', WEB_DEMO_SIGNIN: 'true' });
  expect(code).toBe(2);
  expect(output).toMatch(/demo sign-in[\s\S]*ALLOW_DEMO_SIGNIN_ON_NETWORK=true/);
});

test('opted in to an unauthenticated network, demo sign-in is off: no tokens for customers or agents', async () => {
  const server = await ServerProcess.start({ DATA_DIR: dataDir, HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true' });
  try {
    const external = externalAddress();
    if (external) expect(await reachable(external, server.port)).toBe(true);
    expect(await demoToken(server, 'ana')).toBe(403);
    expect(await demoToken(server, 'agent-eve')).toBe(403);
    expect(await demoToken(server)).toBe(200);
    const config = (await (await fetch(`${server.url}/webchat/config`)).json()) as { demoSignIn: boolean; people: unknown[] };
    expect(config).toEqual({ demoSignIn: false, people: [] });
  } finally {
    await server.stop();
  }
});
