import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity as the connector received it from the bot. */
export interface SentActivity {
  type: string;
  text?: string;
  value?: unknown;
  attachments?: { contentType: string; content: unknown }[];
  conversation?: { id: string };
  replyToId?: string;
  [key: string]: unknown;
}

export interface RecordedCall {
  method: string;
  conversationId: string;
  activityId?: string;
  activity: SentActivity;
}

/** Plays the channel's part, like the Emulator does: records what the bot sends to serviceUrl. */
export class LocalConnector {
  readonly calls: RecordedCall[] = [];
  /** Holds each answer this long, like a slow channel. */
  replyDelayMs = 0;
  private server?: Server;
  private nextId = 1;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The connector is not started.');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readJson(req).then(async (body) => {
        if (this.replyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.replyDelayMs));
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
        if (match && (req.method === 'POST' || req.method === 'PUT')) {
          this.calls.push({
            method: req.method,
            conversationId: decodeURIComponent(match[1] ?? ''),
            ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
            activity: body as SentActivity,
          });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: req.method === 'PUT' ? match[2] : `reply-${this.nextId++}` }));
          return;
        }
        if (req.url === '/v3/conversations' && req.method === 'POST') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `created-${this.nextId++}` }));
          return;
        }
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** What the bot posted to a conversation since call number `since`; with `replyTo`, replies to other activities are left out. */
  activitiesFor(conversationId: string, since = 0, replyTo?: string): SentActivity[] {
    return this.calls
      .slice(since)
      .filter((call) => call.conversationId === conversationId && call.method === 'POST')
      .filter((call) => replyTo === undefined || call.activityId === undefined || call.activityId === replyTo)
      .map((call) => call.activity);
  }
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve({ unparsable: text });
      }
    });
  });
}
