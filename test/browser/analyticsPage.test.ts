import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BotHarness } from '../support/harness';
import { afterTheDay, day, expectedDay, expectedDayRow, recordTheDay } from '../e2e/analyticsDay';
import { describeInBrowser, launchChromium } from './webChatPage';

/** Where the screenshots go; printed so a person can look at them. */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output', 'analytics', new Date().toISOString().replace(/[:.]/g, '-'));

describeInBrowser('the analytics page', () => {
  let bot: BotHarness;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    ({ dataDir } = await recordTheDay());
    const [started, launched] = await Promise.allSettled([BotHarness.start({ dataDir, env: { BOT_NOW: afterTheDay } }), launchChromium()]);
    if (started.status === 'fulfilled') bot = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const result of [started, launched]) if (result.status === 'rejected') throw result.reason;
    mkdirSync(SCREENSHOTS, { recursive: true });
    process.stdout.write(`Analytics screenshots: ${SCREENSHOTS}\n`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    const { rm } = await import('node:fs/promises');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  test('an anonymous visitor is refused; Eve sees the day in charts and tables and exports a table as CSV; Nora the analyst gets in', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${bot.url}/analytics`);

    await page.getByRole('button', { name: 'Anonymous visitor' }).click();
    await page.getByRole('alert').getByText('Only support staff and analysts may see the analytics.').waitFor();
    expect(await page.locator('#report').isHidden()).toBe(true);
    await shot(page, '1-anonymous-refused');

    await page.getByRole('button', { name: 'Eve Sato' }).click();
    await page.locator('#report').waitFor({ state: 'visible' });
    await page.locator('#days tbody tr td', { hasText: day }).waitFor();
    await shot(page, '2-eve-last-30-days');
    await page.fill('#from', day);
    await page.fill('#to', day);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#days tbody tr td', { hasText: day }).waitFor();
    const tiles = await page.locator('#tiles').innerText();
    expect(tiles).toMatch(/12\s+sessions/);
    expect(tiles).toMatch(/25%\s+resolved · 3/);
    expect(tiles).toMatch(/4\s+CSAT · 1 rating/);
    expect(tiles).toMatch(/2\s+tickets · 1 out of hours, 1 no agent/);
    expect(tiles).toMatch(/first agent reply · 1 case/);
    expect(await page.locator('#days tbody tr').first().innerText()).toBe(expectedDayRow.join('\t'));
    expect(await page.locator('#menu-paths tbody').innerText()).toBe(expectedDay.menuPaths.map((p) => `${p.path}\t${p.count}`).join('\n'));
    expect(await page.locator('#account-intents tbody tr').first().innerText()).toBe(['billing-info', 3, 2, 0].join('\t'));
    expect(await page.locator('#account-intents tbody tr', { hasText: 'upcoming-payments' }).innerText()).toBe(['upcoming-payments', 1, 1, 0].join('\t'));
    expect(await page.locator('#unanswered tbody tr').first().innerText()).toMatch(/^3\t.*bitcoin/);
    expect(await page.locator('#outcomes-chart canvas').count()).toBe(1);
    expect(await page.locator('#csat-chart canvas').count()).toBe(1);
    await shot(page, '3-eve-one-day');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.csv[data-table="days"]').click()]);
    expect(download.suggestedFilename()).toBe(`days-${day}-${day}.csv`);
    const saved = join(SCREENSHOTS, download.suggestedFilename());
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe(`day,sessions,resolved,escalated,abandoned,unengaged\r\n${expectedDayRow.join(',')}\r\n`);

    page.once('dialog', (dialog) => void dialog.accept('purchase-history'));
    await page.locator('#unanswered tbody tr', { hasText: 'purchase history' }).getByRole('button', { name: 'Covered by article' }).click();
    await page.locator('#marked tbody tr', { hasText: 'purchase-history' }).waitFor();
    await page.locator('#unanswered tbody tr', { hasText: 'bitcoin' }).getByRole('button', { name: 'Out of scope' }).click();
    await page.locator('#marked tbody tr', { hasText: 'out of scope' }).waitFor();
    expect(await page.locator('#unanswered tbody').innerText()).toBe('Nothing in this range.');
    await shot(page, '4-inbox-marked');

    // Nora is an analyst: not an agent, not a customer, and she may read the page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Nora Quinn' }).click();
    await page.locator('#report').waitFor({ state: 'visible' });
    expect(await page.locator('#tiles').innerText()).toMatch(/sessions/);
    await shot(page, '5-nora-analyst');

    const elsewhere = requests.filter((url) => !url.startsWith(bot.url) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
  }, 60_000);
});
