import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../browser/webChatPage';
import { BotHarness } from '../support/harness';

/**
 * Smoke test through the Microsoft 365 Agents Playground, a Teams-like client run offline: it sends
 * Teams-shaped activities to the bot and renders its cards. Not part of `npm test` (it starts a second
 * server and a browser); run it with `npm run test:playground`.
 */
const PLAYGROUND_CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'test-output', 'playground', new Date().toISOString().replace(/[:.]/g, '-'));

let bot: BotHarness;
let playground: ChildProcess;
let playgroundUrl: string;
let browser: Browser;
let workDir: string;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
  workDir = mkdtempSync(join(tmpdir(), 'agents-playground-'));
  const port = await freePort();
  playground = spawn(process.execPath, [PLAYGROUND_CLI, '-e', `${bot.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
    cwd: workDir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(__dirname, 'agents-playground.yml') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  playgroundUrl = `http://127.0.0.1:${await listeningPort(playground)}`;
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  process.stdout.write(`Agents Playground at ${playgroundUrl}; screenshots: ${SCREENSHOTS}\n`);
}, 30_000);

afterAll(async () => {
  await browser?.close();
  playground?.kill();
  await bot?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('in the Teams-like client Ana is welcomed, gets her renewal date, and a card button updates its card in place', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(playgroundUrl);
  await page.getByText(/I.m the account help bot/).first().waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '01-welcome.png') });

  await say(page, 'when does AutoCAD renew?');
  await page.getByText(/January 15, 2027/).first().waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '02-renewal.png') });

  const cardsBefore = await page.getByText(/I.m the account help bot/).count();
  await page.getByRole('button', { name: 'Get Help', exact: true }).first().click();
  await page.getByRole('button', { name: 'Post-purchase support', exact: true }).first().waitFor();
  expect(await page.getByText(/I.m the account help bot/).count()).toBe(cardsBefore - 1);
  await page.screenshot({ path: join(SCREENSHOTS, '03-card-updated-in-place.png') });
}, 60_000);

async function say(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-lexical-editor="true"][role="textbox"]');
  await input.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Asked for port 0 the playground names a port it does not listen on, so it is given a free one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The playground prints "Listening on <port>" once it serves (another port if that one was taken). */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The Agents Playground did not start within 20 s. Output:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Listening on (\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The Agents Playground exited with ${code}. Output:\n${output}`));
    });
  });
}
