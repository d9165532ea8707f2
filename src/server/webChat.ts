import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type restify from 'restify';
import { roleOf, type Directory } from '../domain/accounts/identity';
import type { Logger } from '../logger';
import type { DirectLineLog } from '../storage/directLine';
import { registerDirectLine, type DemoPerson, type InboundActivity } from './directLine/routes';
import { TokenIssuer } from './directLine/tokens';

/** Everything the page loads comes from this server; nothing from a CDN. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // Web Chat and the Adaptive Cards renderer set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

interface Asset {
  body: Buffer;
  type: string;
}

export interface WebChatOptions {
  /** The project folder holding web/ and node_modules/. */
  root: string;
  demoSignIn: boolean;
  /** Signs the Direct Line tokens; without it a random one is made at start (tokens then end with the process). */
  tokenSecret?: string | undefined;
  /** The bot's id as the chat shows it (the app id when there is one). */
  botId: string;
  directory(): Promise<Directory>;
  /** Hands an activity to the bot adapter. */
  deliver(activity: InboundActivity): Promise<void>;
  /** Where the Direct Line conversations live: shared by replicas (PostgreSQL) or this process's memory. */
  log?: DirectLineLog;
  logger: Logger;
}

/**
 * The web channel of the embedded default: the help-widget page at GET /, Microsoft's Web Chat bundle
 * from node_modules, and the local Direct Line endpoint it talks to.
 */
export function registerWebChat(server: restify.Server, options: WebChatOptions): void {
  const people = async (): Promise<DemoPerson[]> => demoPeople(await options.directory());
  registerDirectLine(server, {
    tokens: new TokenIssuer(options.tokenSecret),
    demoSignIn: options.demoSignIn,
    findPerson: async (id) => (await people()).find((person) => person.id === id),
    bot: { id: options.botId || 'account-help-bot', name: 'Account help bot' },
    deliver: options.deliver,
    logger: options.logger,
    ...(options.log ? { log: options.log } : {}),
  });
  const web = join(options.root, 'web');
  const assets = new Map<string, () => Asset>([
    ['/', lazy(() => ({ body: readFileSync(join(web, 'index.html')), type: 'text/html; charset=utf-8' }))],
    ['/web/widget.css', lazy(() => ({ body: readFileSync(join(web, 'widget.css')), type: 'text/css; charset=utf-8' }))],
    ['/web/widget.js', lazy(() => ({ body: readFileSync(join(web, 'widget.js')), type: 'text/javascript; charset=utf-8' }))],
    ['/web/webchat.js', lazy(() => ({ body: readFileSync(webChatBundle()), type: 'text/javascript; charset=utf-8' }))],
  ]);
  for (const [path, asset] of assets) {
    server.get(path, async (_req, res) => send(res, asset()));
  }
  server.get('/webchat/config', async (_req, res) => {
    res.send(200, { demoSignIn: options.demoSignIn, people: options.demoSignIn ? await people() : [] });
  });
}

/** The people the demo sign-in offers: every customer, agent and analyst with a channel user id. */
export function demoPeople(directory: Directory): DemoPerson[] {
  const customers = directory.tenants.flatMap((tenant) =>
    tenant.users.flatMap((user) => {
      const id = user.channelUserIds[0];
      if (!id) return [];
      const managesContract = tenant.contracts.some((contract) => contract.contractManager === user.id);
      const role = roleOf(user).replace('-', ' ') + (managesContract ? ', contract manager' : '');
      return [{ id, name: user.name, description: `${tenant.name}, ${role}` }];
    }),
  );
  const agents = directory.agents.flatMap((agent) => {
    const id = agent.channelUserIds[0];
    return id ? [{ id, name: agent.name, description: 'support agent' }] : [];
  });
  const analysts = directory.analysts.flatMap((analyst) => {
    const id = analyst.channelUserIds[0];
    return id ? [{ id, name: analyst.name, description: 'analyst' }] : [];
  });
  return [...customers, ...agents, ...analysts];
}

/** The package's browser bundle; its `exports` hide dist/, so it is found beside the package's entry. */
function webChatBundle(): string {
  return join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

function send(res: restify.Response, asset: Asset): void {
  res.writeHead(200, {
    'content-type': asset.type,
    'content-length': asset.body.length,
    'cache-control': 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(asset.body);
}

/** Files are read on first request and kept: the Web Chat bundle is about 4 MB. */
function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}
