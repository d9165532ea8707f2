import { timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../../logger';
import { KeyedMutex } from '../../storage/lowdb/keyedMutex';
import { ConversationLog, ConversationNotFoundError, type StoredActivity } from './conversations';
import { botActivity, clientActivity, generateTokenBody, type ClientActivity } from './schemas';
import { TokenError, type TokenClaims, type TokenIssuer } from './tokens';

export const DIRECT_LINE_CHANNEL = 'directline';
const CONNECTOR_PATH = '/directline-connector';

/** A person the demo sign-in may speak as. */
export interface DemoPerson {
  /** Channel user id, as in the account data's `channelUserIds`. */
  id: string;
  name: string;
  /** Who they are, for the picker: "Contoso Engineering, primary admin". */
  description: string;
}

/** An activity on its way into the bot adapter, with `serviceUrl` pointing back at this endpoint. */
export type InboundActivity = Record<string, unknown> & { type: string; serviceUrl: string; channelId: string };

export interface DirectLineOptions {
  tokens: TokenIssuer;
  /** Whether tokens may be minted for demo people; anonymous visitors may always start a chat. */
  demoSignIn: boolean;
  findPerson(id: string): Promise<DemoPerson | undefined>;
  /** The bot as the client sees it (the recipient of the user's activities). */
  bot: { id: string; name: string };
  /** Hands an activity to the bot adapter and resolves when the turn is over. */
  deliver(activity: InboundActivity): Promise<void>;
  logger: Logger;
  log?: ConversationLog;
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local Direct Line 3.0 endpoint (the subset Web Chat uses: tokens, start, post, poll) and the
 * connector API the adapter replies to. The sender of every activity comes from the signed token.
 */
export function registerDirectLine(server: restify.Server, options: DirectLineOptions): ConversationLog {
  const log = options.log ?? new ConversationLog();
  const turns = new KeyedMutex();
  const connectorKey = options.tokens.derive('connector');
  const bot = { ...options.bot, role: 'bot' };

  const serviceUrl = (req: restify.Request): string => `http://127.0.0.1:${req.socket.localPort}${CONNECTOR_PATH}/${connectorKey}`;
  const deliver = (req: restify.Request, conversationId: string, activity: Record<string, unknown>): Promise<void> =>
    turns.run(conversationId, () =>
      options.deliver({
        ...activity,
        type: String(activity.type),
        channelId: DIRECT_LINE_CHANNEL,
        serviceUrl: serviceUrl(req),
        conversation: { id: conversationId },
        recipient: bot,
      }),
    );

  const route = (handler: Handler): Handler => async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      const http = toHttpError(error);
      if (http.status >= 500) options.logger.error({ route: req.getPath(), err: (error as Error).message }, 'direct line request failed');
      res.send(http.status, { error: { code: http.code, message: http.message } });
    }
  };

  server.post('/v3/directline/tokens/generate', route(async (req, res) => {
    const body = parse(generateTokenBody, req.body ?? {});
    const person = body.user === undefined ? anonymousVisitor() : await demoPerson(options, body.user);
    const conversationId = ConversationLog.newId();
    const { token, expiresIn } = options.tokens.mint({ sub: person.id, name: person.name, conv: conversationId });
    res.send(200, { conversationId, token, expires_in: expiresIn, user: { id: person.id, name: person.name } });
  }));

  server.post('/v3/directline/tokens/refresh', route(async (req, res) => {
    const claims = authorize(options.tokens, req);
    const { token, expiresIn } = options.tokens.mint({ sub: claims.sub, name: claims.name, conv: claims.conv });
    res.send(200, { conversationId: claims.conv, token, expires_in: expiresIn });
  }));

  server.post('/v3/directline/conversations', route(async (req, res) => {
    const claims = authorize(options.tokens, req);
    const token = bearer(req);
    if (log.open(claims.conv, claims.sub)) {
      const user = { id: claims.sub, name: claims.name, role: 'user' };
      await deliver(req, claims.conv, { type: 'conversationUpdate', from: user, membersAdded: [user] });
    }
    res.send(201, { conversationId: claims.conv, token, expires_in: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)) });
  }));

  server.get('/v3/directline/conversations/:conversationId', route(async (req, res) => {
    const claims = authorizeFor(options.tokens, req, log);
    res.send(200, { conversationId: claims.conv, token: bearer(req), expires_in: claims.exp - Math.floor(Date.now() / 1000) });
  }));

  server.post('/v3/directline/conversations/:conversationId/activities', route(async (req, res) => {
    const claims = authorizeFor(options.tokens, req, log);
    const activity = parse(clientActivity, req.body);
    const stored = log.append(claims.conv, fromUser(activity, claims));
    if (activity.type !== 'typing') await deliver(req, claims.conv, stored);
    res.send(200, { id: stored.id });
  }));

  server.get('/v3/directline/conversations/:conversationId/activities', route(async (req, res) => {
    const claims = authorizeFor(options.tokens, req, log);
    const watermark = Number.parseInt(new URLSearchParams(req.getQuery()).get('watermark') ?? '', 10);
    res.send(200, log.since(claims.conv, Number.isFinite(watermark) ? watermark : 0));
  }));

  registerConnector(server, connectorKey, log, route);
  return log;
}

/** The connector API the bot adapter posts its replies to (serviceUrl); replies are kept for polling. */
function registerConnector(server: restify.Server, key: string, log: ConversationLog, route: (handler: Handler) => Handler): void {
  const base = `${CONNECTOR_PATH}/:key/v3/conversations/:conversationId/activities`;
  const checked = (handler: (conversationId: string, req: restify.Request) => StoredActivity | undefined): Handler =>
    route(async (req, res) => {
      if (!sameKey(String(req.params?.key ?? ''), key)) throw new HttpError(404, 'NotFound', 'No such endpoint.');
      const stored = handler(String(req.params?.conversationId ?? ''), req);
      res.send(200, { id: stored?.id ?? '' });
    });
  const reply = (conversationId: string, req: restify.Request): StoredActivity => log.append(conversationId, fromBot(parse(botActivity, req.body)));

  server.post(base, checked(reply));
  server.post(`${base}/:activityId`, checked(reply));
  server.put(`${base}/:activityId`, checked((conversationId, req) =>
    log.replace(conversationId, String(req.params?.activityId ?? ''), fromBot(parse(botActivity, req.body))),
  ));
  server.del(`${base}/:activityId`, checked(() => undefined));
}

/** The user's activity as the bot and the client will see it: only what the client may set, plus who sent it. */
function fromUser(activity: ClientActivity, claims: TokenClaims): Record<string, unknown> {
  const { type, text, textFormat, value, name, locale, channelData } = activity;
  return {
    type,
    ...(text !== undefined ? { text } : {}),
    ...(textFormat !== undefined ? { textFormat } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(locale !== undefined ? { locale } : {}),
    ...(channelData !== undefined ? { channelData } : {}),
    from: { id: claims.sub, name: claims.name, role: 'user' },
    conversation: { id: claims.conv },
  };
}

/** A reply as clients see it: never the serviceUrl, which holds the connector's key. */
function fromBot(activity: z.infer<typeof botActivity>): Record<string, unknown> {
  const { serviceUrl: _serviceUrl, ...rest } = activity;
  return { ...rest, from: { ...(activity.from ?? { id: 'bot' }), role: 'bot' } };
}

async function demoPerson(options: DirectLineOptions, id: string): Promise<DemoPerson> {
  if (!options.demoSignIn) throw new HttpError(403, 'Forbidden', 'Demo sign-in is off: ask for a token without "user" to chat anonymously.');
  const person = await options.findPerson(id);
  if (!person) throw new HttpError(404, 'NotFound', `No demo user "${id}": pick one from GET /webchat/config.`);
  return person;
}

function anonymousVisitor(): DemoPerson {
  return { id: ConversationLog.newId().replace(/^dl-/, 'visitor-'), name: 'Visitor', description: 'anonymous' };
}

function bearer(req: restify.Request): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new HttpError(401, 'Unauthorized', 'Send "Authorization: Bearer <token>" with a token from /v3/directline/tokens/generate.');
  return match[1];
}

function authorize(tokens: TokenIssuer, req: restify.Request): TokenClaims {
  return tokens.verify(bearer(req));
}

/** The token must be for the conversation in the path, and that conversation must still be open. */
function authorizeFor(tokens: TokenIssuer, req: restify.Request, log: ConversationLog): TokenClaims {
  const claims = authorize(tokens, req);
  const conversationId = String(req.params?.conversationId ?? '');
  if (conversationId !== claims.conv) throw new HttpError(403, 'Forbidden', 'This token is for another conversation.');
  if (!log.has(conversationId)) throw new ConversationNotFoundError(conversationId);
  return claims;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'BadArgument', z.prettifyError(parsed.error));
  return parsed.data;
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // Direct Line clients treat 403 as "get a new token" and 404 as "the conversation ended".
  if (error instanceof TokenError) return new HttpError(403, 'TokenExpired', error.message);
  if (error instanceof ConversationNotFoundError) return new HttpError(404, 'NotFound', error.message);
  return new HttpError(500, 'ServiceError', 'The bot could not take this activity; try again.');
}
