import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { BotHarness } from '../support/harness';
import { CHROMIUM, launchChromium, WebChatPage } from './webChatPage';

/** Where the screenshots go; printed so a person can look at them. */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output', 'browser', new Date().toISOString().replace(/[:.]/g, '-'));

let bot: BotHarness;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does).`);
  // Both start at once; whichever did start is kept so afterAll can stop it (a browser left running keeps jest alive).
  const [started, launched] = await Promise.allSettled([BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } }), launchChromium()]);
  if (started.status === 'fulfilled') bot = started.value;
  if (launched.status === 'fulfilled') browser = launched.value;
  for (const result of [started, launched]) if (result.status === 'rejected') throw result.reason;
  process.stdout.write(`Web Chat screenshots: ${SCREENSHOTS}\n`);
});

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

test('a customer signs in, walks the Get Help menu, asks about a renewal; an anonymous visitor gets the honest fallback', async () => {
  const chat = new WebChatPage(await browser.newPage({ viewport: { width: 1200, height: 820 } }), SCREENSHOTS);
  await chat.open(`${bot.url}/`);

  await chat.signInAs('ana');
  await chat.screenshotPage('signed-in-as-ana');

  await chat.click('Get Help');
  await chat.waitForText('Post-purchase support');
  await chat.screenshot('get-help-menu');
  for (const label of ['Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info']) {
    await chat.click(label);
    await chat.waitForText(label);
    await chat.screenshot(label.toLowerCase().replace(/[^a-z]+/g, '-'));
  }
  await chat.click('From Autodesk');
  await chat.waitForText('Did this help?');
  await chat.screenshot('from-autodesk-answer');

  await chat.ask('when does AutoCAD renew?');
  await chat.waitForText(/January 15, 2027/);
  await chat.screenshot('autocad-renewal-date');

  await chat.signInAs('');
  await chat.ask('What is the capital of Australia?');
  await chat.waitForText(/couldn.t find an answer/); // Web Chat's Markdown curls the apostrophe
  await chat.screenshot('anonymous-out-of-scope');

  const origin = new URL(bot.url).origin;
  const elsewhere = chat.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
  expect(chat.requests.some((url) => url.endsWith('/web/webchat.js'))).toBe(true);
}, 60_000);
