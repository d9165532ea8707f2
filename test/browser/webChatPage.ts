import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; the test never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

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
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** The help widget as a person uses it: pick who you are, press card buttons, type questions. */
export class WebChatPage {
  /** Every URL the page asked for, to prove nothing left the local server. */
  readonly requests: string[] = [];
  private shot = 0;

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
  async signInAs(userId: string): Promise<void> {
    await this.page.selectOption('#signin', userId);
    await this.waitForUser(userId === '' ? 'visitor-' : userId);
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
    const file = join(this.screenshots, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.settle();
    await this.page.locator('#help-widget').screenshot({ path: file });
    return file;
  }

  async screenshotPage(name: string): Promise<string> {
    const file = join(this.screenshots, `${String(++this.shot).padStart(2, '0')}-${name}.png`);
    await this.settle();
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Web Chat scrolls new activities into view smoothly; a screenshot waits for it to finish. */
  private async settle(): Promise<void> {
    await this.page.waitForTimeout(400);
  }

  private async waitForUser(prefix: string): Promise<void> {
    await this.page.locator(`#webchat[data-user^="${prefix}"]`).waitFor({ state: 'attached' });
    await this.waitForText(/I.m the account help bot/);
  }

  private botActivityCount(): Promise<number> {
    return this.page.locator(BOT_ACTIVITY).count();
  }

  /** Card presses show no bubble of their own, so a reply is a new bot activity. */
  private async waitForReplyAfter(before: number): Promise<void> {
    await this.page.locator(BOT_ACTIVITY).nth(before).waitFor({ state: 'attached' });
  }
}

/** The bot's activities in the transcript (the user's have a from-user layout). */
const BOT_ACTIVITY = '#webchat .webchat__basic-transcript__activity:not(:has(.webchat__stacked-layout--from-user))';
