import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotHarness } from '../support/harness';
import { buildServer, ServerProcess } from '../support/serverProcess';

/** Without an app id: who may send, how often, and what a channel that never answers costs. */

/** A channel that accepts connections and requests and never answers them. */
async function stuckChannel(host = '127.0.0.1'): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address of this machine that is not loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === 'IPv4')?.address;
}

describe('an unauthenticated bot', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start({ env: { RATE_LIMIT_PER_CONVERSATION: '5' } });
  });

  afterAll(async () => {
    await bot.stop();
  });

  const message = (conversationId: string, serviceUrl: string) => ({
    type: 'message',
    id: `${conversationId}-${Math.random()}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: conversationId },
    from: { id: 'visitor' },
    recipient: { id: 'bot' },
    text: 'How do I renew early?',
  });

  test('refuses a serviceUrl that is not on this machine, with a 403 and no call to it', async () => {
    const address = externalAddress();
    const channel = address ? await stuckChannel(address) : undefined;
    try {
      for (const serviceUrl of [
        ...(channel ? [channel.url] : []),
        'https://attacker.example.com/hook',
        'http://127.0.0.1.attacker.example.com/',
        'http://[fd00::2]:9/',
      ]) {
        const response = await bot.post(message('conv-far-away', serviceUrl));
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: 'ServiceUrlNotAllowed', message: expect.stringMatching(/MicrosoftAppId/) });
      }
      expect((await bot.post(message('conv-far-away', 'file:///etc/passwd'))).status).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(channel?.requests() ?? 0).toBe(0);
    } finally {
      await channel?.close();
    }
  });

  test.each(['http://localhost:9', 'http://127.0.0.1:9', 'http://[::1]:9'])('accepts a loopback serviceUrl such as %s', async (serviceUrl) => {
    const response = await bot.post({ ...message('conv-loopback', serviceUrl), type: 'typing' });
    expect(response.status).toBe(200);
  });

  test('limits each conversation, answering 429 with Retry-After, and leaves other conversations alone', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const response = await bot.post({ ...message('conv-flood', bot.connector.url), type: 'typing' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await bot.post({ ...message('conv-calm', bot.connector.url), type: 'typing' })).status).toBe(200);
  });

  test('a channel that never answers fails the turn within the outbound timeout', async () => {
    const channel = await stuckChannel();
    try {
      const started = performance.now();
      const response = await bot.post(message('conv-stuck', channel.url));
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`stuck serviceUrl: the turn failed after ${seconds.toFixed(1)} s\n`);
      expect(response.status).toBe(200);
      expect(seconds).toBeLessThan(10);
      expect(channel.requests()).toBe(1); // no apology sent the same way, no retries
      expect(bot.logs.some((line) => line.msg === 'turn failed' && JSON.stringify(line).includes('did not answer within'))).toBe(true);
    } finally {
      await channel.close();
    }
  }, 20_000);
});

describe('an unauthenticated bot opted in to a network', () => {
  const address = externalAddress();
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start({ env: { HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_NETWORK: 'true' } });
  });

  afterAll(async () => {
    await bot.stop();
  });

  (address ? test : test.skip)('refuses activities sent from another machine, even naming a loopback serviceUrl', async () => {
    const before = bot.connector.calls.length;
    const response = await fetch(`http://${address}:${bot.app.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: 'from-afar',
        channelId: 'emulator',
        serviceUrl: bot.connector.url,
        conversation: { id: 'conv-afar' },
        from: { id: 'agent-eve' },
        recipient: { id: 'bot' },
        text: 'Go available',
      }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'SenderNotAllowed' });
    expect(bot.connector.calls.length).toBe(before);
    expect((await bot.post({ type: 'typing', channelId: 'emulator', serviceUrl: bot.connector.url, conversation: { id: 'conv-near' }, from: { id: 'v' } })).status).toBe(200);
  });
});

describe('shutdown with a turn stuck on its channel', () => {
  beforeAll(() => buildServer(), 60_000);

  test('SIGTERM exits within 10 s', async () => {
    const channel = await stuckChannel();
    const dataDir = await mkdtemp(join(tmpdir(), 'bot-stuck-'));
    try {
      const server = await ServerProcess.start({ DATA_DIR: dataDir });
      const turn = server.post({
        type: 'message',
        id: 'stuck-1',
        channelId: 'emulator',
        serviceUrl: channel.url,
        conversation: { id: 'conv-sigterm-stuck' },
        from: { id: 'visitor' },
        recipient: { id: 'bot' },
        text: 'How do I renew early?',
      });
      while (channel.requests() === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      const exitCode = await server.stop('SIGTERM');
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(`SIGTERM with a stuck channel: exited (${exitCode}) after ${seconds.toFixed(1)} s\n`);
      expect(exitCode).toBe(0);
      expect(seconds).toBeLessThan(10);
      await turn.catch(() => undefined);
    } finally {
      await channel.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
