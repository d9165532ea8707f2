import { networkInterfaces } from 'node:os';
import WebSocket from 'ws';
import { proseOf } from '../support/cards';
import type { SentActivity } from '../support/connector';
import { BotHarness } from '../support/harness';

/** The bot's first words in a new conversation. */
const welcome = (activity: SentActivity): boolean => /account help bot/.test(proseOf([activity]));

/** A Web Chat client's view of the local Direct Line endpoint. */
class DirectLineClient {
  watermark = '';

  private constructor(
    private readonly base: string,
    public token: string,
    readonly conversationId: string,
    readonly user: { id: string; name: string },
  ) {}

  static async signIn(bot: BotHarness, user?: string): Promise<DirectLineClient> {
    const response = await fetch(`${bot.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user ? { user } : {}),
    });
    if (response.status !== 200) throw new Error(`generate answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { token: string; conversationId: string; user: { id: string; name: string } };
    return new DirectLineClient(`${bot.url}/v3/directline`, body.token, body.conversationId, body.user);
  }

  start(): Promise<Response> {
    return this.request('POST', '/conversations');
  }

  /** Posts an activity and returns the bot's replies to it (the post is answered before the turn runs). */
  async say(activity: Record<string, unknown>): Promise<SentActivity[]> {
    const response = await this.request('POST', `/conversations/${this.conversationId}/activities`, { type: 'message', ...activity });
    if (response.status !== 200) throw new Error(`post answered ${response.status}: ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    return (await this.settle((a) => a.replyToId === id)).filter((a) => a.replyToId === id);
  }

  /** Polls until an activity that `awaited` accepts came and then nothing more for a moment: one turn's replies. */
  async settle(awaited: (activity: SentActivity) => boolean = () => true, quietMs = 300, timeoutMs = 10_000): Promise<SentActivity[]> {
    const all: SentActivity[] = [];
    const deadline = Date.now() + timeoutMs;
    let lastNew = Date.now();
    while (Date.now() < deadline && (!all.some(awaited) || Date.now() - lastNew < quietMs)) {
      const fresh = await this.poll();
      if (fresh.length > 0) lastNew = Date.now();
      all.push(...fresh);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return all;
  }

  async poll(): Promise<SentActivity[]> {
    const response = await this.request('GET', `/conversations/${this.conversationId}/activities?watermark=${this.watermark}`);
    const body = (await response.json()) as { activities: SentActivity[]; watermark: string };
    this.watermark = body.watermark;
    return body.activities;
  }

  request(method: string, path: string, body?: unknown, token = this.token): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}

describe('the embedded Direct Line endpoint', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('a demo user starts a conversation, is welcomed, and gets answers from their own account', async () => {
    const chat = await DirectLineClient.signIn(bot, 'ana');
    expect(chat.user).toEqual({ id: 'ana', name: 'Ana Ruiz' });
    expect((await chat.start()).status).toBe(201);
    expect(proseOf(await chat.settle(welcome))).toMatch(/account help bot/);

    const replies = await chat.say({ text: 'when does AutoCAD renew?' });
    expect(proseOf(replies)).toMatch(/January 15, 2027/);
    expect(replies.every((reply) => (reply.from as { role?: string }).role === 'bot')).toBe(true);
  });

  test('the sender comes from the token: a client that claims to be someone else is still who its token says', async () => {
    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    await chat.settle(welcome);
    const replies = await chat.say({ text: 'when does AutoCAD renew?', from: { id: 'ana', name: 'Ana Ruiz' }, channelId: 'msteams' });
    expect(proseOf(replies)).not.toMatch(/January 15, 2027/);
    const echo = (await chat.request('GET', `/conversations/${chat.conversationId}/activities?watermark=0`).then((r) => r.json())) as {
      activities: SentActivity[];
    };
    const mine = echo.activities.find((a) => a.text === 'when does AutoCAD renew?');
    expect(mine?.from).toEqual({ id: chat.user.id, name: 'Visitor', role: 'user' });
    expect(chat.user.id).toMatch(/^visitor-/);
  });

  test('card buttons post their payload as the value and the bot answers with the next card', async () => {
    const chat = await DirectLineClient.signIn(bot, 'ben');
    await chat.start();
    await chat.settle(welcome);
    const replies = await chat.say({ value: { verb: 'home' }, channelData: { postBack: true } });
    expect(proseOf(replies)).toMatch(/Get Help/);
  });

  test('replies never carry the connector address', async () => {
    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    const activities = await chat.settle(welcome);
    expect(JSON.stringify(activities)).not.toMatch(/directline-connector/);
  });

  test('polling with the watermark returns only what is new', async () => {
    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    expect((await chat.settle(welcome)).length).toBeGreaterThan(0);
    expect(await chat.poll()).toEqual([]);
  });

  test('a refreshed token keeps the same person and conversation', async () => {
    const chat = await DirectLineClient.signIn(bot, 'dev');
    await chat.start();
    const response = await chat.request('POST', '/tokens/refresh');
    const refreshed = (await response.json()) as { token: string; conversationId: string };
    expect(refreshed.conversationId).toBe(chat.conversationId);
    chat.token = refreshed.token;
    expect((await chat.request('GET', `/conversations/${chat.conversationId}/activities`)).status).toBe(200);
  });

  test.each([
    ['no token', async (chat: DirectLineClient) => fetch(`${bot.url}/v3/directline/conversations/${chat.conversationId}/activities`), 401],
    [
      'a token whose claims were edited',
      async (chat: DirectLineClient) => chat.request('GET', `/conversations/${chat.conversationId}/activities`, undefined, forgeSubject(chat.token, 'fay')),
      403,
    ],
    [
      "another conversation's id",
      async (chat: DirectLineClient) => {
        const other = await DirectLineClient.signIn(bot);
        await other.start();
        return chat.request('GET', `/conversations/${other.conversationId}/activities`);
      },
      403,
    ],
    ['an activity that is not JSON an activity', async (chat: DirectLineClient) => chat.request('POST', `/conversations/${chat.conversationId}/activities`, { type: 'hack' }), 400],
  ])('%s is refused', async (_case, attempt, status) => {
    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    expect((await attempt(chat)).status).toBe(status);
  });

  test('an unknown demo user cannot be signed in as', async () => {
    const response = await fetch(`${bot.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'mallory' }),
    });
    expect(response.status).toBe(404);
  });

  test('the stream sends the backlog, then the echo of a post and the reply as they happen', async () => {
    const chat = await DirectLineClient.signIn(bot, 'ana');
    const { streamUrl } = (await (await chat.start()).json()) as { streamUrl: string };
    expect(streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=/);
    const socket = new WebSocket(streamUrl);
    const received: SentActivity[] = [];
    socket.on('message', (data: Buffer) => {
      if (data.length > 0) received.push(...(JSON.parse(data.toString('utf8')) as { activities: SentActivity[] }).activities);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const until = async (found: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !found(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    await until(() => /account help bot/.test(proseOf(received)));
    const posted = Date.now();
    await chat.request('POST', `/conversations/${chat.conversationId}/activities`, { type: 'message', text: 'when does AutoCAD renew?' });
    await until(() => /January 15, 2027/.test(proseOf(received)));
    const answeredMs = Date.now() - posted;
    socket.close();
    expect(received.map((a) => a.text)).toContain('when does AutoCAD renew?');
    expect(proseOf(received)).toMatch(/January 15, 2027/);
    expect(answeredMs).toBeLessThan(1000);
  });

  test('a stream with a token for another conversation is refused', async () => {
    const mine = await DirectLineClient.signIn(bot);
    const other = await DirectLineClient.signIn(bot);
    await mine.start();
    const { streamUrl } = (await (await other.start()).json()) as { streamUrl: string };
    const forged = streamUrl.replace(/t=[^&]+/, `t=${encodeURIComponent(mine.token)}`);
    const status = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(forged);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.on('open', () => resolve(101));
      socket.on('error', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });

  test('resuming a conversation (a reload) gives the same conversation and history, and no second welcome', async () => {
    const chat = await DirectLineClient.signIn(bot, 'ana');
    await chat.start();
    const history = await chat.settle(welcome);
    const refreshed = (await (await chat.request('POST', '/tokens/refresh')).json()) as { token: string; user: { id: string } };
    expect(refreshed.user.id).toBe('ana');
    const resumed = await chat.request('GET', `/conversations/${chat.conversationId}?watermark=`, undefined, refreshed.token);
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as { conversationId: string }).conversationId).toBe(chat.conversationId);
    chat.token = refreshed.token;
    chat.watermark = '';
    expect((await chat.poll()).map((a) => a.id)).toEqual(history.map((a) => a.id));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await chat.poll()).toEqual([]);
  });

  test('an activity too large for the log is refused with 413 and a reason, a client posting too fast gets 429 and Retry-After', async () => {
    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    await chat.settle(welcome);
    const path = `/conversations/${chat.conversationId}/activities`;
    const large = await chat.request('POST', path, { type: 'typing', channelData: { padding: 'x'.repeat(100_000) } });
    expect(large.status).toBe(413);
    expect(((await large.json()) as { error: { message: string } }).error.message).toMatch(/bytes/);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const response = await chat.request('POST', path, { type: 'typing' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 10).every((status) => status === 200)).toBe(true);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Typing is passed on, never stored.
    expect((await chat.poll()).filter((a) => a.type === 'typing')).toEqual([]);
  });

  test('the connector path is not open to guessers', async () => {
    const response = await fetch(`${bot.url}/directline-connector/guess/v3/conversations/x/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'I am the bot' }),
    });
    expect(response.status).toBe(404);
  });

  test('the page, its files and the Web Chat bundle are served from this server under a strict content policy', async () => {
    const page = await fetch(`${bot.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${bot.url}/web/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    const config = (await (await fetch(`${bot.url}/webchat/config`)).json()) as { demoSignIn: boolean; people: { id: string }[] };
    expect(config.demoSignIn).toBe(true);
    expect(config.people.map((p) => p.id)).toEqual(['ana', 'ben', 'chloe', 'dev', 'fay', 'agent-eve', 'agent-raj', 'analyst-nora']);
  });
});

describe.each([
  ['WEB_DEMO_SIGNIN=false', { WEB_DEMO_SIGNIN: 'false' }],
  ['an app id is configured', { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-used-offline' }],
])('with %s', (_case, env) => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start({ env });
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('demo sign-in is off, and anonymous visitors can still chat through the same adapter', async () => {
    const config = (await (await fetch(`${bot.url}/webchat/config`)).json()) as { demoSignIn: boolean; people: unknown[] };
    expect(config).toEqual({ demoSignIn: false, people: [] });
    const refused = await fetch(`${bot.url}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'ana' }),
    });
    expect(refused.status).toBe(403);

    const chat = await DirectLineClient.signIn(bot);
    await chat.start();
    await chat.settle(welcome);
    expect(proseOf(await chat.say({ text: 'can I renew early?' }))).toMatch(/90 days/);
  });
});

/** Whether this machine has IPv6 loopback at all (a container may have IPv6 switched off). */
const hasIpv6Loopback = Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.internal && address.address === '::1'));

(hasIpv6Loopback ? describe : describe.skip)('the embedded Direct Line endpoint on IPv6 loopback (HOST=::1)', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z', HOST: '::1' } });
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('the bot reaches its own connector on the address it listens on, so a visitor is welcomed and answered', async () => {
    expect(bot.url).toMatch(/^http:\/\/\[::1\]:/);
    const chat = await DirectLineClient.signIn(bot, 'ana');
    await chat.start();
    expect(proseOf(await chat.settle(welcome))).toMatch(/account help bot/);
    expect(proseOf(await chat.say({ text: 'when does AutoCAD renew?' }))).toMatch(/January 15, 2027/);
  });
});

/** Rewrites the token's subject without the secret: the signature no longer matches. */
function forgeSubject(token: string, subject: string): string {
  const [prefix, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return [prefix, Buffer.from(JSON.stringify({ ...claims, sub: subject })).toString('base64url'), signature].join('.');
}
