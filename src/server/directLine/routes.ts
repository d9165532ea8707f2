import { randomBytes, timingSafeEqual } from 'node:crypto';
import type restify from 'restify';
import { z } from 'zod';
import { loopbackUrlHost } from '../../config';
import type { Logger } from '../../logger';
import { KeyedMutex } from '../../keyedMutex';
import { ActivityTooLargeError, ConversationNotFoundError, type DirectLineLog, type StoredActivity } from '../../storage/directLine';
import { MemoryDirectLineLog } from '../../storage/memory/directLineLog';
import { DIRECT_LINE_RATES, RateLimiter } from './rateLimit';
import { botActivity, clientActivity, generateTokenBody, MAX_CLIENT_ACTIVITY_BYTES, type ClientActivity } from './schemas';
import { attachStream, type Streams } from './stream';
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
  /** Where conversations are kept; one process's memory unless a shared log is passed in. */
  log?: DirectLineLog;
}

type Handler = (req: restify.Request, res: restify.Response) => Promise<void>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, for 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/**
 * A local Direct Line 3.0 endpoint (the subset Web Chat uses: tokens, start, resume, post, poll, stream) and
 * the connector API the adapter replies to. The sender of every activity comes from the signed token.
 */
/** A new Direct Line conversation id: unguessable, so only its token's holder can name it. */
export function newConversationId(): string {
  return `dl-${randomBytes(12).toString('base64url')}`;
}

export function registerDirectLine(server: restify.Server, options: DirectLineOptions): DirectLineLog {
  const log = options.log ?? new MemoryDirectLineLog();
  const turns = new KeyedMutex();
  const connectorKey = options.tokens.derive('connector');
  const bot = { ...options.bot, role: 'bot' };
  const streams = attachStream(server.server, { log, tokens: options.tokens, logger: options.logger });
  const limits = {
    tokens: new RateLimiter(DIRECT_LINE_RATES.tokensPerAddress),
    postsByConversation: new RateLimiter(DIRECT_LINE_RATES.postsPerConversation),
    postsByAddress: new RateLimiter(DIRECT_LINE_RATES.postsPerAddress),
  };

  const serviceUrl = (req: restify.Request): string => `http://${loopbackUrlHost(req.socket.localAddress)}:${req.socket.localPort}${CONNECTOR_PATH}/${connectorKey}`;
  // The client is answered once its activity is stored: the bot's replies and relays reach it by stream or poll,
  // so a slow turn never holds the post (nor Web Chat's "sending…"). Turns still run one at a time per conversation.
  const deliverLater = (req: restify.Request, conversationId: string, activity: Record<string, unknown>): void => {
    const inbound = {
      ...activity,
      type: String(activity.type),
      channelId: DIRECT_LINE_CHANNEL,
      serviceUrl: serviceUrl(req),
      conversation: { id: conversationId },
      recipient: bot,
    };
    turns.run(conversationId, () => options.deliver(inbound)).catch((error: unknown) => {
      options.logger.error({ conversationId, activityType: inbound.type, err: (error as Error).message }, 'direct line turn failed');
    });
  };

  const route = (handler: Handler): Handler => async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      const http = toHttpError(error);
      if (http.status >= 500) options.logger.error({ route: req.getPath(), err: (error as Error).message }, 'direct line request failed');
      if (http.retryAfter !== undefined) res.header('Retry-After', String(http.retryAfter));
      res.send(http.status, { error: { code: http.code, message: http.message } });
    }
  };

  server.post('/v3/directline/tokens/generate', route(async (req, res) => {
    limit(limits.tokens, clientAddress(req), 'tokens');
    const body = parse(generateTokenBody, req.body ?? {});
    const person = body.user === undefined ? anonymousVisitor() : await demoPerson(options, body.user);
    const conversationId = newConversationId();
    const { token, expiresIn } = options.tokens.mint({ sub: person.id, name: person.name, conv: conversationId });
    res.send(200, { conversationId, token, expires_in: expiresIn, user: { id: person.id, name: person.name } });
  }));

  server.post('/v3/directline/tokens/refresh', route(async (req, res) => {
    limit(limits.tokens, clientAddress(req), 'tokens');
    const claims = authorize(options.tokens, req);
    const { token, expiresIn } = options.tokens.mint({ sub: claims.sub, name: claims.name, conv: claims.conv });
    res.send(200, { conversationId: claims.conv, token, expires_in: expiresIn, user: { id: claims.sub, name: claims.name } });
  }));

  server.post('/v3/directline/conversations', route(async (req, res) => {
    const claims = authorize(options.tokens, req);
    if (await log.open(claims.conv, claims.sub)) {
      const user = { id: claims.sub, name: claims.name, role: 'user' };
      deliverLater(req, claims.conv, { type: 'conversationUpdate', from: user, membersAdded: [user] });
    }
    res.send(201, conversationBody(req, streams, claims, bearer(req)));
  }));

  // Resuming (a reload, or the stream reconnecting): the same conversation and a fresh stream URL.
  const resume: Handler = async (req, res) => {
    const claims = await authorizeFor(options.tokens, req, log);
    res.send(200, conversationBody(req, streams, claims, bearer(req)));
  };
  server.get('/v3/directline/conversations/:conversationId', route(resume));
  server.get('/v3/directline/conversations/:conversationId/stream', route(resume));

  server.post('/v3/directline/conversations/:conversationId/activities', route(async (req, res) => {
    const claims = await authorizeFor(options.tokens, req, log);
    limit(limits.postsByAddress, clientAddress(req), 'posts');
    limit(limits.postsByConversation, claims.conv, 'posts');
    const bytes = Buffer.byteLength(JSON.stringify(req.body ?? null), 'utf8');
    if (bytes > MAX_CLIENT_ACTIVITY_BYTES) throw new ActivityTooLargeError(bytes, MAX_CLIENT_ACTIVITY_BYTES);
    const activity = parse(clientActivity, req.body);
    const stored = await log.append(claims.conv, fromUser(activity, claims));
    if (activity.type !== 'typing') deliverLater(req, claims.conv, stored);
    res.send(200, { id: stored.id });
  }));

  server.get('/v3/directline/conversations/:conversationId/activities', route(async (req, res) => {
    const claims = await authorizeFor(options.tokens, req, log);
    const watermark = Number.parseInt(new URLSearchParams(req.getQuery()).get('watermark') ?? '', 10);
    res.send(200, await log.since(claims.conv, Number.isFinite(watermark) ? watermark : 0));
  }));

  registerConnector(server, connectorKey, log, route);
  return log;
}

/** What POST /conversations and its resumptions answer: the conversation, its token and where to stream it. */
function conversationBody(req: restify.Request, streams: Streams, claims: TokenClaims, token: string): Record<string, unknown> {
  // A stream that reconnects asks with its watermark; a fresh page asks with none and is sent the whole history.
  const watermark = Number.parseInt(new URLSearchParams(req.getQuery()).get('watermark') ?? '', 10);
  return {
    conversationId: claims.conv,
    token,
    expires_in: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)),
    streamUrl: streams.url(req, claims.conv, token, Number.isFinite(watermark) ? watermark : undefined),
  };
}

/** The connector API the bot adapter posts its replies to (serviceUrl); replies are kept for polling and streamed. */
function registerConnector(server: restify.Server, key: string, log: DirectLineLog, route: (handler: Handler) => Handler): void {
  const base = `${CONNECTOR_PATH}/:key/v3/conversations/:conversationId/activities`;
  const checked = (handler: (conversationId: string, req: restify.Request) => Promise<StoredActivity | undefined>): Handler =>
    route(async (req, res) => {
      if (!sameKey(String(req.params?.key ?? ''), key)) throw new HttpError(404, 'NotFound', 'No such endpoint.');
      const stored = await handler(String(req.params?.conversationId ?? ''), req);
      res.send(200, { id: stored?.id ?? '' });
    });
  const reply = (conversationId: string, req: restify.Request): Promise<StoredActivity> =>
    log.append(conversationId, fromBot(conversationId, parse(botActivity, req.body)));

  server.post(base, checked(reply));
  server.post(`${base}/:activityId`, checked(reply));
  server.put(`${base}/:activityId`, checked((conversationId, req) =>
    log.replace(conversationId, String(req.params?.activityId ?? ''), fromBot(conversationId, parse(botActivity, req.body))),
  ));
  server.del(`${base}/:activityId`, checked(async () => undefined));
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

/**
 * A reply as clients see it: never the serviceUrl, which holds the connector's key. A `replyToId` naming an
 * activity of no conversation here (a proactive message, a relay from another chat) is dropped: Web Chat
 * holds a reply back for up to 5 s waiting for the activity it answers, which never comes.
 */
function fromBot(conversationId: string, activity: z.infer<typeof botActivity>): Record<string, unknown> {
  const { serviceUrl: _serviceUrl, replyToId, ...rest } = activity;
  const answers = typeof replyToId === 'string' && replyToId.startsWith(`${conversationId}|`) ? { replyToId } : {};
  return { ...rest, ...answers, from: { ...(activity.from ?? { id: 'bot' }), role: 'bot' } };
}

async function demoPerson(options: DirectLineOptions, id: string): Promise<DemoPerson> {
  if (!options.demoSignIn) throw new HttpError(403, 'Forbidden', 'Demo sign-in is off: ask for a token without "user" to chat anonymously.');
  const person = await options.findPerson(id);
  if (!person) throw new HttpError(404, 'NotFound', `No demo user "${id}": pick one from GET /webchat/config.`);
  return person;
}

function anonymousVisitor(): DemoPerson {
  return { id: newConversationId().replace(/^dl-/, 'visitor-'), name: 'Visitor', description: 'anonymous' };
}

/** The peer's address; a proxy in front would make every client one address (forwarded headers are not trusted). */
function clientAddress(req: restify.Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function limit(limiter: RateLimiter, key: string, what: 'tokens' | 'posts'): void {
  const wait = limiter.take(key);
  if (wait > 0) throw new HttpError(429, 'TooManyRequests', `Too many ${what === 'tokens' ? 'new chats' : 'messages'} at once: try again in ${wait} s.`, wait);
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
async function authorizeFor(tokens: TokenIssuer, req: restify.Request, log: DirectLineLog): Promise<TokenClaims> {
  const claims = authorize(tokens, req);
  const conversationId = String(req.params?.conversationId ?? '');
  if (conversationId !== claims.conv) throw new HttpError(403, 'Forbidden', 'This token is for another conversation.');
  if (!(await log.has(conversationId))) throw new ConversationNotFoundError(conversationId);
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
  if (error instanceof ActivityTooLargeError) return new HttpError(413, 'MessageSizeTooBig', error.message);
  return new HttpError(500, 'ServiceError', 'The bot could not take this activity; try again.');
}
