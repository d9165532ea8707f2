import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startApp, type App } from '../../src/app';
import { loadConfig, loopbackUrlHost } from '../../src/config';
import { createLogger } from '../../src/logger';
import { LocalConnector, type SentActivity } from './connector';
import { findButton } from './cards';

export interface HarnessOptions {
  env?: Record<string, string>;
  dataDir?: string;
}

/** The real server on a free port with a temporary DATA_DIR, and a local connector playing the channel. */
export class BotHarness {
  private sequence = 0;

  private constructor(
    readonly app: App,
    /** The server's structured log lines, parsed. */
    readonly logs: Record<string, unknown>[],
    readonly connector: LocalConnector,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    /** What the server listens on (HOST). */
    private readonly host: string,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const connector = new LocalConnector();
    await connector.start();
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bot-e2e-')));
    const logs: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    });
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ...options.env });
    const app = await startApp(config, createLogger('debug', sink));
    return new BotHarness(app, logs, connector, dataDir, options.dataDir === undefined, config.host);
  }

  get url(): string {
    return `http://${this.host === 'localhost' ? 'localhost' : loopbackUrlHost(this.host)}:${this.app.port}`;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.connector.stop();
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Posts a raw body to /api/messages. */
  async post(body: unknown, contentType = 'application/json'): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  conversation(userId: string, options: ConversationOptions = {}): Conversation {
    // The time in base 36: thirteen decimal digits can pass the card-number check, and logs would redact the id.
    return new Conversation(this, userId, options, `conv-${userId}-${++this.sequence}-${Date.now().toString(36)}`);
  }
}

export interface ConversationOptions {
  channelId?: string;
  userName?: string;
  /** Extra fields merged into every activity (Teams channelData, aadObjectId...). */
  activity?: Record<string, unknown>;
}

/** One user's conversation with the bot: send text or click buttons, get back the activities of that turn. */
export class Conversation {
  last: SentActivity[] = [];
  private counter = 0;

  constructor(
    private readonly harness: BotHarness,
    readonly userId: string,
    private readonly options: ConversationOptions,
    readonly id: string,
  ) {}

  async join(): Promise<SentActivity[]> {
    return this.turn({
      type: 'conversationUpdate',
      membersAdded: [{ id: this.userId, name: this.options.userName ?? this.userId }],
    });
  }

  async say(text: string): Promise<SentActivity[]> {
    return this.turn({ type: 'message', text });
  }

  async click(title: string | RegExp, from: SentActivity[] = this.last): Promise<SentActivity[]> {
    return this.submit(findButton(from, title).data);
  }

  async submit(value: unknown): Promise<SentActivity[]> {
    return this.turn({ type: 'message', value });
  }

  async turn(fields: Record<string, unknown>): Promise<SentActivity[]> {
    const before = this.harness.connector.calls.length;
    const activity = this.activity(fields);
    const response = await this.harness.post(activity);
    if (response.status >= 400) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    this.last = this.harness.connector.activitiesFor(this.id, before, activity.id as string);
    return this.last;
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    const base = this.options.activity ?? {};
    return {
      id: `${this.id}-a${++this.counter}`,
      channelId: this.options.channelId ?? 'emulator',
      serviceUrl: this.harness.connector.url,
      conversation: { id: this.id },
      from: { id: this.userId, name: this.options.userName ?? this.userId },
      recipient: { id: 'bot', name: 'Account help bot' },
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      ...base,
      ...fields,
    };
  }
}
