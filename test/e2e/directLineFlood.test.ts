import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, ServerProcess } from '../support/serverProcess';

/**
 * Issue 11, hole 1: an anonymous visitor floods the Direct Line log with large typing activities. Before the
 * log was bounded by bytes, 1,800 of them (50 per conversation) took the server to 567 MiB, and 500 per
 * conversation ran it out of heap.
 */

const CONVERSATIONS = 36;
const ACTIVITIES = 1800;
const PADDING = 'x'.repeat(200 * 1024);

let dataDir: string | undefined;
let server: ServerProcess | undefined;

beforeAll(async () => {
  buildServer();
  dataDir = await mkdtemp(join(tmpdir(), 'bot-flood-'));
  server = await ServerProcess.start({ DATA_DIR: dataDir });
}, 120_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function anonymousConversation(url: string): Promise<{ id: string; token: string } | number> {
  const minted = await fetch(`${url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (minted.status !== 200) return minted.status;
  const { token, conversationId } = (await minted.json()) as { token: string; conversationId: string };
  const started = await fetch(`${url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return started.status === 201 ? { id: conversationId, token } : started.status;
}

test('1,800 typing activities of 200 KB in 36 conversations leave the server under 300 MB and answering', async () => {
  const url = server!.url;
  const statuses = new Map<number, number>();
  const count = (status: number): void => void statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const conversations: { id: string; token: string }[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const opened = await anonymousConversation(url);
    if (typeof opened === 'number') count(opened);
    else conversations.push(opened);
  }
  expect(conversations.length).toBeGreaterThan(0);

  const body = JSON.stringify({ type: 'typing', channelData: { padding: PADDING } });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ACTIVITIES) {
      const conversation = conversations[next++ % conversations.length]!;
      const response = await fetch(`${url}/v3/directline/conversations/${conversation.id}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
        body,
      });
      count(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  const rss = server!.peakRssMiB();
  process.stdout.write(`Direct Line flood: peak RSS ${rss} MiB; answers ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  expect(rss).toBeLessThan(300);
  // Nothing was stored: every oversized activity was refused, or the client was told to slow down.
  expect(statuses.get(200) ?? 0).toBe(0);
}, 120_000);
