import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type restify from 'restify';
import { csvTables, reportCsv, type CsvTable } from '../analytics/csv';
import { ReportRangeError, reportRange } from '../analytics/range';
import { inboxMarkRequest, markQuestions } from '../analytics/inboxMarks';
import type { FigureSource } from '../analytics/figures';
import { buildReport } from '../analytics/report';
import { purgeEvents } from '../analytics/retention';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Store } from '../storage/ports';
import { TokenError, type TokenIssuer } from './directLine/tokens';

export interface AnalyticsOptions {
  /** The project folder holding web/ and node_modules/. */
  root: string;
  store: Store;
  /** Where the report's figures are computed (in this process, or in the database). */
  figures: FigureSource;
  /** A Get Help node's path as people saw it. */
  menuPath(node: string): string;
  clock: Clock;
  logger: Logger;
  sessionTimeoutMinutes: number;
  retentionDays: number;
  /** ANALYTICS_TOKEN: a bearer token that opens the page (a dashboard, a script). */
  bearerToken?: string | undefined;
  /** The web chat's token issuer: a signed token of support staff opens the page too. */
  tokens: TokenIssuer;
  /** The knowledge's article ids: a group can be marked covered by one of them. */
  articleIds(): ReadonlySet<string>;
  /** Channel user ids of the people the account data names as support staff or analysts. */
  staff(): Promise<ReadonlySet<string>>;
}

const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const DAY_MS = 86_400_000;
const PAGE_OFF = 'The analytics page is off: set ANALYTICS_TOKEN or name support staff or analysts in the account data.';

/**
 * GET /analytics (the page, its script and uPlot from node_modules), /analytics/data (the report as JSON)
 * and /analytics/export/<table>.csv. Data needs a bearer token: ANALYTICS_TOKEN or a web chat token of
 * support staff or an analyst. With neither configured the whole page is off (404).
 */
export function registerAnalytics(server: restify.Server, options: AnalyticsOptions): () => void {
  const web = join(options.root, 'web');
  const uplot = dirname(require.resolve('uplot'));
  const assets: [string, string, string][] = [
    ['/analytics', join(web, 'analytics.html'), 'text/html; charset=utf-8'],
    ['/analytics/analytics.js', join(web, 'analytics.js'), 'text/javascript; charset=utf-8'],
    ['/analytics/analytics.css', join(web, 'analytics.css'), 'text/css; charset=utf-8'],
    ['/analytics/uplot.js', join(uplot, 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
    ['/analytics/uplot.css', join(uplot, 'uPlot.min.css'), 'text/css; charset=utf-8'],
  ];
  for (const [path, file, type] of assets) {
    server.get(path, async (_req, res) => {
      if (!(await enabled(options))) return refuse(res, 404, PAGE_OFF);
      send(res, 200, type, readFileSync(file));
    });
  }
  server.get('/analytics/data', async (req, res) => {
    const report = await authorisedReport(req, res, options);
    if (report) send(res, 200, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(report)));
  });
  server.get('/analytics/export/:file', async (req, res) => {
    const table = String(req.params.file ?? '').replace(/\.csv$/, '') as CsvTable;
    if (!csvTables.includes(table)) return refuse(res, 404, `No such table: export one of ${csvTables.map((t) => `${t}.csv`).join(', ')}.`);
    const report = await authorisedReport(req, res, options);
    if (!report) return;
    res.setHeader('content-disposition', `attachment; filename="${table}-${report.from}-${report.to}.csv"`);
    send(res, 200, 'text/csv; charset=utf-8', Buffer.from(reportCsv(report, table)));
  });
  server.post('/analytics/inbox', async (req, res) => {
    if (!(await enabled(options))) return refuse(res, 404, PAGE_OFF);
    const by = await admitted(req, res, options);
    if (!by) return;
    const body = inboxMarkRequest.safeParse(req.body);
    if (!body.success) return refuse(res, 400, `Send {"mark": "covered" | "out-of-scope", "questions": [...], "article"?}: ${body.error.issues[0]?.message ?? 'invalid body'}.`);
    if (body.data.mark === 'covered' && !(body.data.article && options.articleIds().has(body.data.article))) {
      return refuse(res, 400, `"covered" needs the id of an article in knowledge/articles, such as ${[...options.articleIds()].slice(0, 2).join(' or ')}.`);
    }
    await markQuestions(options.store, body.data, by, options.clock.now());
    send(res, 200, 'application/json; charset=utf-8', Buffer.from(JSON.stringify({ marked: body.data.questions.length })));
  });
  return scheduleRetention(options);
}

async function authorisedReport(req: restify.Request, res: restify.Response, options: AnalyticsOptions) {
  if (!(await enabled(options))) return refuse(res, 404, PAGE_OFF);
  if (!(await admitted(req, res, options))) return undefined;
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  try {
    const now = options.clock.now();
    const range = reportRange({ from: query.get('from') ?? undefined, to: query.get('to') ?? undefined }, now);
    return await buildReport(options, range, { now, sessionTimeoutMinutes: options.sessionTimeoutMinutes });
  } catch (error) {
    if (error instanceof ReportRangeError) return refuse(res, 400, error.message);
    throw error;
  }
}

/** Who is asking ('token' for ANALYTICS_TOKEN), or undefined once refused. */
async function admitted(req: restify.Request, res: restify.Response, options: AnalyticsOptions): Promise<string | undefined> {
  const access = await accessOf(req.headers.authorization, options);
  if (access === 'missing') return refuse(res, 401, 'Sign in: send Authorization: Bearer <ANALYTICS_TOKEN or a web chat token of support staff or an analyst>.');
  if (access === 'refused') return refuse(res, 403, 'Only support staff and analysts may see the analytics.');
  return access.by;
}

async function enabled(options: AnalyticsOptions): Promise<boolean> {
  return options.bearerToken !== undefined || (await options.staff()).size > 0;
}

async function accessOf(header: string | undefined, options: AnalyticsOptions): Promise<{ by: string } | 'missing' | 'refused'> {
  const token = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return 'missing';
  if (options.bearerToken !== undefined && sameSecret(token, options.bearerToken)) return { by: 'analytics-token' };
  try {
    const claims = options.tokens.verify(token);
    return (await options.staff()).has(claims.sub) ? { by: claims.sub } : 'refused';
  } catch (error) {
    if (error instanceof TokenError) return 'missing';
    throw error;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Purges events past the retention once a day, on one replica (a lease). */
function scheduleRetention(options: AnalyticsOptions): () => void {
  const holder = `analytics-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const timer = setInterval(() => {
    options.store.leases
      .acquire('analytics-retention', holder, DAY_MS - 60_000)
      .then((mine) => (mine ? purgeEvents(options.store, options.clock.now(), options.retentionDays) : 0))
      .then((removed) => removed > 0 && options.logger.info({ removed }, 'purged analytics events past retention'))
      .catch((error: unknown) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'analytics retention purge failed'));
  }, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

function refuse(res: restify.Response, status: number, message: string): undefined {
  send(res, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify({ error: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 400 ? 'BadRequest' : 'NotFound', message })));
  return undefined;
}

function send(res: restify.Response, status: number, type: string, body: Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': 'no-store',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}
