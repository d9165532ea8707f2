import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type restify from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logger';
import type { ActivitySet, DirectLineLog } from '../../storage/directLine';
import { TokenError, type TokenIssuer } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;

/** Sockets per conversation (a reload overlaps the old page's socket briefly) and in all. */
const MAX_STREAMS_PER_CONVERSATION = 4;
const MAX_STREAMS = 2000;
/** Server pings; a socket that misses one is closed, and Web Chat reconnects from its watermark. */
const HEARTBEAT_MS = 30_000;

export interface Streams {
  /** The `streamUrl` a client connects to for this conversation, with its token (as Direct Line does). */
  url(req: restify.Request, conversationId: string, token: string, watermark?: number): string;
}

export interface StreamOptions {
  log: DirectLineLog;
  tokens: TokenIssuer;
  logger: Logger;
}

/**
 * Direct Line's WebSocket stream: the client connects to `streamUrl` and is sent `{ activities, watermark }`
 * for everything after the watermark it asked with, then each activity as it is appended or replaced.
 * What the client sends is ignored (Web Chat sends empty pings).
 */
export function attachStream(http: Server, options: StreamOptions): Streams {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024, clientTracking: true });
  const open = new Map<string, number>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return refuse(socket, 404, 'Not Found');
    void admit(options, decodeURIComponent(match[1] ?? ''), url.searchParams.get('t') ?? '').then((allowed) => {
      if (!allowed) return refuse(socket, 403, 'Forbidden');
      const conversationId = allowed;
      if ((open.get(conversationId) ?? 0) >= MAX_STREAMS_PER_CONVERSATION || sockets.clients.size >= MAX_STREAMS) return refuse(socket, 429, 'Too Many Requests');
      sockets.handleUpgrade(req, socket, head, (ws) => {
        open.set(conversationId, (open.get(conversationId) ?? 0) + 1);
        ws.once('close', () => {
          const left = (open.get(conversationId) ?? 1) - 1;
          if (left > 0) open.set(conversationId, left);
          else open.delete(conversationId);
        });
        void serve(ws, options, conversationId, Number.parseInt(url.searchParams.get('watermark') ?? '', 10));
      });
    }, (error: unknown) => {
      options.logger.error({ err: (error as Error).message }, 'direct line stream refused');
      refuse(socket, 500, 'Internal Server Error');
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      const alive = ws as WebSocket & { alive?: boolean };
      if (alive.alive === false) ws.terminate();
      else {
        alive.alive = false;
        ws.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  // An upgraded socket keeps http.close() waiting for ever: streams end when the server stops taking requests.
  const close = http.close.bind(http);
  http.close = ((callback?: (error?: Error) => void) => {
    clearInterval(heartbeat);
    for (const ws of sockets.clients) ws.terminate();
    return close(callback);
  }) as Server['close'];

  return {
    url: (req, conversationId, token, watermark) =>
      `ws://${hostOf(req)}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}` +
      (watermark === undefined ? '' : `&watermark=${watermark}`),
  };
}

/** The conversation id when the token is for it and it is open; otherwise undefined. */
async function admit(options: StreamOptions, conversationId: string, token: string): Promise<string | undefined> {
  try {
    const claims = options.tokens.verify(token);
    return claims.conv === conversationId && (await options.log.has(conversationId)) ? conversationId : undefined;
  } catch (error) {
    if (error instanceof TokenError) return undefined;
    throw error;
  }
}

/** Sends the backlog after `watermark`, then live updates; updates that arrive while the backlog is read wait for it. */
async function serve(ws: WebSocket, options: StreamOptions, conversationId: string, watermark: number): Promise<void> {
  const alive = ws as WebSocket & { alive?: boolean };
  ws.on('pong', () => (alive.alive = true));
  ws.on('error', (error) => options.logger.debug({ conversationId, err: error.message }, 'direct line stream error'));
  let sent = Number.isFinite(watermark) ? watermark : 0;
  let pending: ActivitySet[] | undefined = [];
  const send = (update: ActivitySet): void => {
    const typing = update.activities.every((activity) => activity.type === 'typing');
    if (!typing && Number(update.watermark) <= sent) return;
    if (!typing) sent = Number(update.watermark);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(update));
  };
  const unsubscribe = options.log.subscribe(conversationId, (update) => (pending ? pending.push(update) : send(update)));
  ws.once('close', unsubscribe);
  try {
    const backlog = await options.log.since(conversationId, sent);
    if (backlog.activities.length > 0) send(backlog);
    else sent = Math.max(sent, Number(backlog.watermark));
  } catch (error) {
    options.logger.warn({ conversationId, err: (error as Error).message }, 'direct line stream could not start');
    ws.close(1011);
  }
  const queued = pending;
  pending = undefined;
  for (const update of queued) send(update);
}

/** The host the client used, when it looks like one; the stream URL points back at it. */
function hostOf(req: restify.Request): string {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : `127.0.0.1:${req.socket.localPort}`;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
