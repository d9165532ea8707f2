import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, ServerProcess } from '../support/serverProcess';

/**
 * Authentication with MicrosoftAppId set, offline: a local "cloud" serves the Bot Framework's OpenID
 * metadata and signing keys (botbuilder's ToBotFromChannelOpenIdMetadataUrl points at it), an App Service
 * managed-identity token endpoint for the bot's outbound token (MicrosoftAppType=UserAssignedMSI; msal reads
 * IDENTITY_ENDPOINT and IDENTITY_HEADER), and the channel's connector the replies go to.
 */

const appId = randomUUID();
const channelIssuer = 'https://api.botframework.com';
const outboundToken = `outbound-${randomUUID()}`;

interface Call {
  url: string;
  authorization: string | undefined;
}

class LocalCloud {
  readonly connectorCalls: Call[] = [];
  readonly tokenRequests: Call[] = [];
  readonly signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly kid = 'local-key-1';
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    const jwk = this.signing.publicKey.export({ format: 'jwk' });
    this.server = createServer((req, res) => {
      void drain(req).then(() => {
        const path = (req.url ?? '').split('?')[0];
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (path === '/v1/.well-known/openidconfiguration') return json(200, { issuer: channelIssuer, jwks_uri: `${this.url}/v1/keys` });
        if (path === '/v1/keys') return json(200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', endorsements: ['msteams', 'emulator', 'webchat'] }] });
        if (path === '/msi/token') {
          this.tokenRequests.push({ url: req.url ?? '', authorization: header(req, 'x-identity-header') });
          return json(200, { access_token: outboundToken, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: 'https://api.botframework.com', token_type: 'Bearer' });
        }
        if (path?.startsWith('/v3/conversations/')) {
          this.connectorCalls.push({ url: req.url ?? '', authorization: header(req, 'authorization') });
          return json(200, { id: `reply-${this.connectorCalls.length}` });
        }
        return json(404, {});
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.resume();
    req.on('end', resolve);
  });
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signedToken(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${base64url(signature)}`;
}

const cloud = new LocalCloud();
let bot: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  buildServer();
  await cloud.start();
  dataDir = await mkdtemp(join(tmpdir(), 'bot-auth-'));
  bot = await ServerProcess.start({
    DATA_DIR: dataDir,
    MicrosoftAppId: appId,
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: randomUUID(),
    ToBotFromChannelOpenIdMetadataUrl: `${cloud.url}/v1/.well-known/openidconfiguration`,
    // Emulator-shaped tokens are checked against these keys; pointing them here keeps every check offline.
    ToBotFromEmulatorOpenIdMetadataUrl: `${cloud.url}/v1/.well-known/openidconfiguration`,
    IDENTITY_ENDPOINT: `${cloud.url}/msi/token`,
    IDENTITY_HEADER: 'local-identity-header',
  });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await cloud.stop();
  await rm(dataDir, { recursive: true, force: true });
});

let sequence = 0;
function activity(serviceUrl = cloud.url): Record<string, unknown> {
  const id = ++sequence;
  return {
    type: 'message',
    id: `auth-${id}`,
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: `conv-auth-${id}` },
    from: { id: 'visitor' },
    recipient: { id: appId },
    text: 'How do I renew early?',
  };
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: channelIssuer, aud: appId, serviceurl: cloud.url, nbf: now - 60, iat: now - 60, exp: now + 3600, ...overrides };
}

async function post(body: Record<string, unknown>, authorization?: string): Promise<Response> {
  return fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
}

const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const now = () => Math.floor(Date.now() / 1000);

describe('with MicrosoftAppId set', () => {
  test.each<[string, (serviceUrl: string) => string | undefined]>([
    ['no token', () => undefined],
    ['a junk token', () => 'Bearer not-a-token'],
    ['a token in the wrong scheme', () => `Basic ${signedToken(claims(), cloud.signing.privateKey, cloud.kid)}`],
    ['a wrong audience', () => `Bearer ${signedToken(claims({ aud: randomUUID() }), cloud.signing.privateKey, cloud.kid)}`],
    ['a wrong issuer', () => `Bearer ${signedToken(claims({ iss: 'https://api.botframework.example.com' }), cloud.signing.privateKey, cloud.kid)}`],
    ['an expired token', () => `Bearer ${signedToken(claims({ exp: now() - 3600, nbf: now() - 7200, iat: now() - 7200 }), cloud.signing.privateKey, cloud.kid)}`],
    ['a wrong signing key under the right key id', () => `Bearer ${signedToken(claims(), stranger, cloud.kid)}`],
    ['an unknown key id', () => `Bearer ${signedToken(claims(), stranger, 'someone-elses-key')}`],
    ['a service URL other than the token names', (serviceUrl) => `Bearer ${signedToken(claims({ serviceurl: `${serviceUrl}/elsewhere` }), cloud.signing.privateKey, cloud.kid)}`],
    ['alg none', () => `Bearer ${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: cloud.kid }))}.${base64url(JSON.stringify(claims()))}.`],
  ])('%s gets 401 and no reply is sent', async (_name, authorization) => {
    const before = cloud.connectorCalls.length;
    const response = await post(activity(), authorization(cloud.url));
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cloud.connectorCalls.length).toBe(before);
  });

  test('a properly signed token gets its turn, and the reply carries the bot\'s own token', async () => {
    const before = cloud.connectorCalls.length;
    const body = activity();
    const response = await post(body, `Bearer ${signedToken(claims(), cloud.signing.privateKey, cloud.kid)}`);
    expect(response.status).toBe(200);
    const replies = cloud.connectorCalls.slice(before);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies[0]?.url).toContain(`/v3/conversations/${String((body.conversation as { id: string }).id)}/activities`);
    expect(replies.every((call) => call.authorization === `Bearer ${outboundToken}`)).toBe(true);
    expect(cloud.tokenRequests[0]?.authorization).toBe('local-identity-header');
  });

  test('without a token a loopback serviceUrl is no excuse', async () => {
    expect((await post(activity('http://127.0.0.1:9'))).status).toBe(401);
  });
});

describe('when the signing keys cannot be fetched', () => {
  let unreachable: ServerProcess;
  let otherDir: string;

  beforeAll(async () => {
    otherDir = await mkdtemp(join(tmpdir(), 'bot-auth-nokeys-'));
    unreachable = await ServerProcess.start({
      DATA_DIR: otherDir,
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-used',
      ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
      ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
    });
  }, 30_000);

  afterAll(async () => {
    await unreachable?.stop();
    await rm(otherDir, { recursive: true, force: true });
  });

  test('a forged token gets 401, not 500', async () => {
    const response = await fetch(`${unreachable.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signedToken(claims(), stranger, cloud.kid)}` },
      body: JSON.stringify(activity()),
    });
    expect(response.status).toBe(401);
  });
});
