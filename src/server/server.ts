import restify from 'restify';
import type { Logger } from '../logger';
import { describeInvalidActivity } from './activityBody';

export type RouteHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

export interface ServerOptions {
  logger: Logger;
  maxBodyBytes: number;
  /** Hands a validated activity to the bot adapter. */
  messages: RouteHandler;
  /** `status: 'ok'` answers 200, anything else 503 (a load balancer takes the replica out). */
  health: () => Promise<Record<string, unknown> & { status: string }>;
  /** Extra routes (e.g. a web page), registered after the bot's. */
  extend?: (server: restify.Server) => void;
}

/** HTTP only: parsing, limits and routing. No bot logic lives here. */
export function createServer(options: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'account-help-bot', handleUncaughtExceptions: false });
  closeKeptAliveConnections(server);
  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false, rejectUnknown: false }));

  server.post('/api/messages', async (req, res) => {
    const problem = describeInvalidActivity(req.body);
    if (problem) {
      options.logger.warn({ route: '/api/messages', problem }, 'rejected an invalid activity');
      res.send(400, { error: 'BadRequest', message: `Invalid activity: ${problem}` });
      return;
    }
    await options.messages(req, res);
  });

  server.get('/healthz', async (_req, res) => {
    const health = await options.health();
    res.send(health.status === 'ok' ? 200 : 503, health);
  });

  options.extend?.(server);

  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    const status = error.statusCode ?? 500;
    const log = status >= 500 ? options.logger.error.bind(options.logger) : options.logger.warn.bind(options.logger);
    log({ route: req.getPath(), status, err: error.message }, 'request failed');
    callback();
  });
  return server;
}

/**
 * Once the server is closing, a connection kept alive after its last answer would hold `close()` open for
 * the keep-alive timeout (5 s): close each one as soon as it is idle, so shutdown ends with the last turn.
 */
function closeKeptAliveConnections(server: restify.Server): void {
  let closing = false;
  const close = server.close.bind(server);
  server.close = ((...args: Parameters<typeof server.close>) => {
    closing = true;
    server.server.closeIdleConnections();
    return close(...args);
  }) as typeof server.close;
  server.pre((_req, res, next) => {
    res.once('finish', () => closing && setImmediate(() => server.server.closeIdleConnections()));
    next();
  });
}

/** Listens on `host` only (loopback by default, see `Config.host`). */
export function listen(server: restify.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
