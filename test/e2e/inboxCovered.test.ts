import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';

const TOKEN = 'author-token-0123456789';
const QUESTION = 'where is the gizmo ledger of everything we ever bought';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'inbox-covered-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

test('a question an author marks as covered by an article is answered by it once the knowledge is loaded again', async () => {
  const before = await BotHarness.start({ dataDir, env: { BOT_NOW: '2026-12-01T15:00:00Z', ANALYTICS_TOKEN: TOKEN } });
  try {
    const visitor = before.conversation('curious-visitor');
    expect(proseOf(await visitor.say(QUESTION))).not.toMatch(/See your purchase history/);
    const marked = await fetch(`${before.url}/analytics/inbox`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mark: 'covered', questions: [QUESTION], article: 'purchase-history' }),
    });
    expect(marked.status).toBe(200);
  } finally {
    await before.app.close();
    await before.connector.stop();
  }
  const after = await BotHarness.start({ dataDir, env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
  try {
    expect(proseOf(await after.conversation('curious-visitor-2').say(QUESTION))).toMatch(/See your purchase history/);
  } finally {
    await after.app.close();
    await after.connector.stop();
  }
});
