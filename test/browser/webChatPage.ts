import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where Chromium or Chrome usually is; the tests never download a browser of their own. */
const USUAL_PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

/** CHROME_PATH (or CHROMIUM_PATH) when set, else the first browser found in the usual places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.CHROME_PATH ?? env.CHROMIUM_PATH;
  if (configured) return configured;
  return USUAL_PLACES.find((path) => existsSync(path));
}

export const CHROMIUM = findChromium();

/**
 * `describe` when there is a browser; otherwise the suite is skipped with a notice, except under CI=true where
 * a missing browser fails the run.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (CHROMIUM) return describe(name, suite);
  const why = `No Chromium or Chrome found (set CHROME_PATH, or install one: "apt-get install -y chromium").`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('needs a browser under CI', () => {
        throw new Error(`${why} CI=true requires the browser tests.`);
      });
    });
    return;
  }
  process.stderr.write(`\nSKIPPED browser tests "${name}": ${why}\n\n`);
  describe.skip(name, suite);
}

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('No Chromium: run the browser tests through describeInBrowser.');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** Screenshots of all pages in one run are numbered in the order they were taken. */
let shot = 0;

/** The help widget as a person uses it: pick who you are, press card buttons, type questions. */
export class WebChatPage {
  /** Every URL the page asked for, to prove nothing left the local server. */
  readonly requests: string[] = [];

  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {
    mkdirSync(screenshots, { recursive: true });
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('websocket', (socket) => this.requests.push(socket.url()));
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitForUser('visitor-');
  }

  /** Picks a person in the demo sign-in ('' is the anonymous visitor) and waits for their welcome. */
  async signInAs(userId: string, welcome: RegExp = WELCOME): Promise<void> {
    await this.page.selectOption('#signin', userId);
    await this.waitForUser(userId === '' ? 'visitor-' : userId, welcome);
  }

  /** The Direct Line conversation the widget is in. */
  async conversationId(): Promise<string> {
    return (await this.page.locator('#webchat').getAttribute('data-conversation')) ?? '';
  }

  /** Reloads the page as a person would (F5) and waits until the chat is back, history included. */
  async reload(history: string | RegExp): Promise<void> {
    await this.page.reload();
    await this.page.locator('#webchat[data-conversation]').waitFor({ state: 'attached' });
    await this.waitForText(history);
  }

  /** Types a message and sends it, without waiting for an answer (a relayed message has none). */
  async send(text: string): Promise<void> {
    const input = this.page.getByRole('textbox').last();
    await input.fill(text);
    await input.press('Enter');
  }

  /**
   * Starts noting, in the page, when each of `texts` first appears in the chat (Date.now(), the clock the test
   * shares with the browser). Read the times with `arrivals`.
   */
  async watchFor(texts: string[]): Promise<void> {
    // A string, not a function: the test is compiled without the DOM's types.
    await this.page.evaluate(`(() => {
      const wanted = ${JSON.stringify(texts)};
      window.arrivals = window.arrivals || {};
      window.wanted = (window.wanted || []).concat(wanted);
      if (window.watching) return;
      window.watching = true;
      const chat = document.getElementById('webchat');
      new MutationObserver(() => {
        const now = Date.now();
        const text = chat.textContent || '';
        for (const item of window.wanted) if (window.arrivals[item] === undefined && text.includes(item)) window.arrivals[item] = now;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
  }

  /** When `text` appeared in the chat (Date.now() in the page); waits for it. */
  async arrival(text: string, timeout = 10_000): Promise<number> {
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    const handle = await this.page.waitForFunction(
      (item) => (globalThis as unknown as { arrivals?: Record<string, number> }).arrivals?.[item],
      text,
      { timeout, polling: 50 },
    );
    return Number(await handle.jsonValue());
  }

  /** Presses the button of that name on the newest card that has one. */
  async click(title: string): Promise<void> {
    const before = await this.botActivityCount();
    await this.page.getByRole('button', { name: title, exact: true }).last().click();
    await this.waitForReplyAfter(before);
  }

  async ask(question: string): Promise<void> {
    const before = await this.botActivityCount();
    const input = this.page.getByRole('textbox').last();
    await input.fill(question);
    await input.press('Enter');
    await this.waitForReplyAfter(before);
  }

  async waitForText(text: string | RegExp): Promise<void> {
    await this.page.locator('#webchat').getByText(text).last().waitFor({ state: 'visible' });
  }

  /** Saves the widget as it looks now; returns the file. */
  async screenshot(name: string): Promise<string> {
    const file = join(this.screenshots, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await this.settle();
    await this.page.locator('#help-widget').screenshot({ path: file });
    return file;
  }

  async screenshotPage(name: string): Promise<string> {
    const file = join(this.screenshots, `${String(++shot).padStart(2, '0')}-${name}.png`);
    await this.settle();
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Web Chat scrolls new activities into view smoothly; a screenshot waits for it to finish. */
  private async settle(): Promise<void> {
    await this.page.waitForTimeout(400);
  }

  private async waitForUser(prefix: string, welcome: RegExp = WELCOME): Promise<void> {
    await this.page.locator(`#webchat[data-user^="${prefix}"]`).waitFor({ state: 'attached' });
    await this.waitForText(welcome);
  }

  private botActivityCount(): Promise<number> {
    return this.page.locator(BOT_ACTIVITY).count();
  }

  /** Card presses show no bubble of their own, so a reply is a new bot activity. */
  private async waitForReplyAfter(before: number): Promise<void> {
    await this.page.locator(BOT_ACTIVITY).nth(before).waitFor({ state: 'attached' });
  }
}

const WELCOME = /I.m the account help bot/;

/** The bot's activities in the transcript (the user's have a from-user layout). */
const BOT_ACTIVITY = '#webchat .webchat__basic-transcript__activity:not(:has(.webchat__stacked-layout--from-user))';
