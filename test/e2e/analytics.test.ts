import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths';
import { BotHarness } from '../support/harness';
import { buildServer } from '../support/serverProcess';
import { afterTheDay, day, expectedDay, expectedDayRow, recordTheDay } from './analyticsDay';
import { tuesday } from './escalationChat';

const TOKEN = 'analytics-test-token-0123456789';
let dataDir: string;

beforeAll(async () => {
  const recorded = await recordTheDay();
  dataDir = recorded.dataDir;
  expect(JSON.stringify(recorded.events)).not.toMatch(/bitcoin|invoice|address|Civil 3D/i);
}, 120_000);

afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run report', () => {
  test('--json counts the scripted day exactly, judged by its own clock', () => {
    buildServer();
    const run = (now: string, ...args: string[]) =>
      spawnSync(process.execPath, [join(projectRoot(), 'dist/src/cli/report.js'), ...args], { env: { ...process.env, DATA_DIR: dataDir, BOT_NOW: now, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    const json = run(afterTheDay, '--json', `--from=${day}`, `--to=${day}`);
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ...expectedDay, open: 0 });
    const queue = report.queue as Record<string, number>;
    for (const figure of ['averageWaitSeconds', 'longestWaitSeconds', 'averageFirstResponseSeconds'] as const) expect(queue[figure]).toBeLessThan(10);
    expect(report.unanswered).toEqual(
      expect.arrayContaining([expect.objectContaining({ example: expect.stringMatching(/bitcoin/), count: 3 }), expect.objectContaining({ example: 'how do I see my purchase history?', count: 1 })]),
    );
    expect((report.unanswered as unknown[]).length).toBe(2);

    // Right after the last turn every session is still inside its 30 minutes.
    const early = JSON.parse(run(new Date(Date.parse(tuesday) + 60_000).toISOString(), '--json', `--from=${day}`, `--to=${day}`).stdout) as Record<string, number>;
    expect(early).toMatchObject({ sessions: 1, open: 11 });

    const text = run(afterTheDay, `--from=${day}`, `--to=${day}`).stdout;
    expect(text).toMatch(/sessions\s+12/);
    expect(text).toMatch(/bitcoin/);
    expect(text).toMatch(/tickets\s+2 {2}\(opened at once: 1 out of hours, 1 with no agent available\)/);
    expect(text).toMatch(/ {2}1 {2}Get Help > Post-purchase support > Subscription management > Billing & orders > Update billing info > From Autodesk/);
    expect(text).toMatch(/upcoming-payments\s+1 {2}1 {2}0/);
  }, 180_000);
});

describe('/analytics', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start({ dataDir, env: { BOT_NOW: afterTheDay, ANALYTICS_TOKEN: TOKEN } });
  });
  afterAll(() => bot.stop());

  const get = (path: string, token?: string) => fetch(`${bot.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  test('the data shows the same counts with the bearer token', async () => {
    const res = await get(`/analytics/data?from=${day}&to=${day}`, TOKEN);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject(expectedDay);
  });

  test('support staff and analysts get in with their web chat token; customers (admins too) and strangers do not', async () => {
    const mint = async (user?: string) => {
      const res = await fetch(`${bot.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user ? { user } : {}) });
      return ((await res.json()) as { token: string }).token;
    };
    expect((await get('/analytics/data', await mint('agent-eve'))).status).toBe(200);
    // Nora is an analyst in the account data: no agent, no customer. Ana is her company's primary admin.
    expect((await get('/analytics/data', await mint('analyst-nora'))).status).toBe(200);
    expect((await get('/analytics/data', await mint('ana'))).status).toBe(403);
    expect((await get('/analytics/data', await mint('ben'))).status).toBe(403);
    expect((await get('/analytics/data', await mint())).status).toBe(403);
    expect((await get('/analytics/data')).status).toBe(401);
    expect((await get('/analytics/data', 'dl1.forged.token')).status).toBe(401);
    expect((await get('/analytics/data', `${TOKEN}x`)).status).toBe(401);
  });

  test('each table exports as CSV; a bad range is refused with what to do', async () => {
    const csv = await get(`/analytics/export/days.csv?from=${day}&to=${day}`, TOKEN);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toBe(`day,sessions,resolved,escalated,abandoned,unengaged\r\n${expectedDayRow.join(',')}\r\n`);
    const paths = await (await get(`/analytics/export/menu-paths.csv?from=${day}&to=${day}`, TOKEN)).text();
    expect(paths).toBe(`path,node,walks\r\n${expectedDay.menuPaths.map((p) => `${p.path},${p.node},${p.count}`).join('\r\n')}\r\n`);
    const intents = await (await get(`/analytics/export/account-intents.csv?from=${day}&to=${day}`, TOKEN)).text();
    expect(intents.split('\r\n').slice(0, 3)).toEqual(['intent,asked,refused,not_found', 'billing-info,3,2,0', 'renewal-status,2,1,1']);
    const inbox = await (await get(`/analytics/export/unanswered.csv?from=${day}&to=${day}`, TOKEN)).text();
    expect(inbox.split('\r\n')[1]).toMatch(/^3,.*bitcoin/);
    const bad = await get('/analytics/data?from=2026-12-05&to=2026-12-01', TOKEN);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/after/);
    expect((await get('/analytics/export/secrets.csv', TOKEN)).status).toBe(404);
  });

  test('an author marks a group out of scope or covered by an article; it leaves the inbox', async () => {
    const post = (body: unknown, token = TOKEN) =>
      fetch(`${bot.url}/analytics/inbox`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const report = async () => (await (await get(`/analytics/data?from=${day}&to=${day}`, TOKEN)).json()) as { unanswered: { example: string; examples: string[] }[]; marked: unknown[] };
    const [bitcoin, history] = (await report()).unanswered;
    expect((await post({ mark: 'covered', questions: history!.examples, article: 'no-such-article' })).status).toBe(400);
    expect((await post({ mark: 'out-of-scope', questions: bitcoin!.examples }, 'not-a-token')).status).toBe(401);
    expect((await post({ mark: 'out-of-scope', questions: bitcoin!.examples })).status).toBe(200);
    expect((await post({ mark: 'covered', questions: history!.examples, article: 'purchase-history' })).status).toBe(200);
    const after = await report();
    expect(after.unanswered).toEqual([]);
    expect(after.marked).toEqual([
      expect.objectContaining({ count: 3, example: 'can I pay with bitcoin?', mark: 'out-of-scope' }),
      expect.objectContaining({ count: 1, mark: 'covered', article: 'purchase-history' }),
    ]);
  });

  test('the page loads nothing from elsewhere and serves uPlot from node_modules', async () => {
    const page = await (await get('/analytics')).text();
    expect(page).not.toMatch(/https?:\/\//);
    const uplot = await get('/analytics/uplot.js');
    expect(uplot.status).toBe(200);
    expect(await uplot.text()).toMatch(/uPlot/);
  });
});
