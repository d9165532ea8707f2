import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotAdapter, CloudAdapter } from 'botbuilder';
import type restify from 'restify';
import { CardRenderer } from '../cards/render';
import { createAdapter } from './bot/adapter';
import { createBot, type Bot } from './bot';
import { localChannelDelivery } from './bot/localChannel';
import { outboxMessenger } from './bot/outboxDelivery';
import { clockStartingAt, systemClock, type Clock } from './clock';
import type { Config } from './config';
import { loadIntents, parseAccountData } from './domain/accounts';
import { createSupportDesk, type SupportDesk } from './escalation';
import { coveredPhrasings } from './analytics/inboxMarks';
import { loadKnowledgeBase, type KnowledgeBase } from './knowledgeBase';
import type { Logger } from './logger';
import { projectRoot } from './paths';
import type { FigureSource } from './analytics/figures';
import { figuresInProcess } from './analytics/summarise';
import { figuresInPostgres } from './analytics/postgresSummary';
import { analyticsOptions } from './analytics/wiring';
import { registerAnalytics } from './server/analytics';
import { createServer, listen } from './server/server';
import { registerWebChat } from './server/webChat';
import { AccountRepository } from './storage/accountRepository';
import { openLowdbStore } from './storage/lowdb/lowdbDocumentStore';
import type { Store } from './storage/ports';
import type { DirectLineLog } from './storage/directLine';
import { MemoryDirectLineLog } from './storage/memory/directLineLog';
import { PostgresDirectLineLog } from './storage/postgres/directLineLog';
import { ReadCache } from './storage/readCache';
import { channelName, openPostgresStore, PostgresStore } from './storage/postgres/postgresStore';

/** The bot and the services it stands on, independent of how activities reach it (HTTP or a terminal). */
export interface BotRuntime extends Bot {
  cards: CardRenderer;
  knowledge: KnowledgeBase;
  store: Store;
  accounts: AccountRepository;
  clock: Clock;
  support: SupportDesk;
  /** Where reports compute their figures: in the database on PostgreSQL, else over the documents here. */
  reportFigures: FigureSource;
  /** The web chat's Direct Line conversations: in the database with replicas, else in this process's memory. */
  directLine: DirectLineLog;
  /** Starts the periodic jobs (outbox delivery, time-out sweeps, expiration notices); returns their stop. */
  startJobs(): () => Promise<void>;
}

const SWEEP_EVERY_MS = 30_000;

/** PostgreSQL when DATABASE_URL is set (replicas share it), else lowdb files under DATA_DIR (one process). */
export async function openStore(config: Config, logger: Logger): Promise<Store> {
  if (!config.databaseUrl) return openLowdbStore(config.dataDir);
  return openPostgresStore({ url: config.databaseUrl }, join(projectRoot(), 'migrations'), (error) =>
    logger.warn({ err: error.message }, 'a PostgreSQL connection failed; the next query reconnects'),
  );
}

/** On PostgreSQL the database adds up the events and cases, so a report does not read them all. */
export function reportFiguresFor(store: Store): FigureSource {
  return store instanceof PostgresStore ? figuresInPostgres(store.connections) : figuresInProcess(store);
}

export async function createRuntime(config: Config, logger: Logger): Promise<BotRuntime> {
  const root = projectRoot();
  const clock = config.botNow ? clockStartingAt(config.botNow) : systemClock();
  const store = await openStore(config, logger);
  // Questions authors marked as covered in the unanswered inbox join their article's phrasings at each start.
  const knowledge = loadKnowledgeBase(join(root, 'knowledge'), await coveredPhrasings(store));
  const accounts = new AccountRepository(store, store.kind === 'postgres' ? 2_000 : undefined);
  if (await accounts.seedIfEmpty(parseAccountData(JSON.parse(readFileSync(join(root, 'fixtures/demo-accounts.json'), 'utf8'))))) {
    logger.info('loaded the demo account data into an empty store');
  }
  const cards = new CardRenderer(join(root, 'cards'));
  const messenger = outboxMessenger();
  const settings = { timeoutMinutes: config.escalationTimeoutMinutes, handoffTarget: config.handoffTarget };
  const support = createSupportDesk({ store, accounts, messenger, clock, logger, settings });
  const intents = loadIntents(readFileSync(join(root, 'knowledge/intents.yaml'), 'utf8'));
  // The embedded stores hold their documents in this process already; PostgreSQL is a round trip away.
  const stateCache = store.kind === 'postgres' ? new ReadCache(new Set(['state'])) : undefined;
  const bot = createBot({
    store,
    knowledge,
    accounts,
    intents,
    cards,
    clock,
    logger,
    support,
    messenger,
    appId: config.microsoftApp.appId,
    recordEvents: config.analytics.recordEvents,
    ...(stateCache ? { stateCache } : {}),
  });
  return {
    ...bot,
    cards,
    knowledge,
    store,
    accounts,
    clock,
    support,
    reportFigures: reportFiguresFor(store),
    directLine: store instanceof PostgresStore ? new PostgresDirectLineLog(store.connections, store.notifications, channelName('directline', store.options)) : new MemoryDirectLineLog(),
    startJobs: () => startJobs(bot, support, store, logger),
  };
}

/** Each job runs on one replica per interval (a lease); the outbox is drained by every replica. */
function startJobs(bot: Bot, support: SupportDesk, store: Store, logger: Logger): () => Promise<void> {
  const holder = `replica-${randomUUID().slice(0, 8)}`;
  const stopDelivery = bot.delivery.start();
  const stopNotices = bot.expirationNotices.schedule();
  const sweep = setInterval(() => {
    store.leases
      .acquire('escalation-sweep', holder, SWEEP_EVERY_MS - 5_000)
      .then((mine) => (mine ? support.desk.sweep() : []))
      .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'escalation sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  return async () => {
    clearInterval(sweep);
    stopNotices();
    await stopDelivery();
  };
}

export interface App {
  port: number;
  runtime: BotRuntime;
  adapter: CloudAdapter;
  /** Stops taking requests, lets in-flight turns finish, flushes storage. */
  close(): Promise<void>;
}

/** Composition root for the server: config -> storage -> services -> bot -> HTTP. */
export async function startApp(config: Config, logger: Logger): Promise<App> {
  const runtime = await createRuntime(config, logger);
  const adapter = createAdapter(config, logger);
  runtime.prepare(adapter as BotAdapter);
  const stopJobs = runtime.startJobs();

  const inFlight = new Set<Promise<void>>();
  const track = (turn: Promise<void>): Promise<void> => {
    inFlight.add(turn);
    return turn.finally(() => inFlight.delete(turn));
  };
  const server: restify.Server = createServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    messages: async (req, res) => {
      const request = { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method ?? 'POST', socket: req.socket };
      await track(adapter.process(request, res, (context) => runtime.bot.run(context)));
    },
    health: async () => {
      const base = { articles: runtime.knowledge.articles.length, now: runtime.clock.now().toISOString(), storage: runtime.store.kind };
      try {
        await runtime.store.health();
        return { status: 'ok', ...base };
      } catch (error) {
        return { status: 'unhealthy', ...base, problem: (error as Error).message };
      }
    },
    extend: (server) => {
      const deliver = localChannelDelivery(adapter, config.microsoftApp.appId, (context) => runtime.bot.run(context));
      const tokenSecret = config.webTokenSecret ?? randomBytes(32).toString('base64url'); // shared with /analytics
      registerWebChat(server, {
        root: projectRoot(),
        demoSignIn: config.webDemoSignIn,
        tokenSecret,
        botId: config.microsoftApp.appId,
        directory: () => runtime.accounts.directory(),
        deliver: (activity) => track(deliver(activity)),
        log: runtime.directLine,
        logger,
      });
      registerAnalytics(server, analyticsOptions(config, runtime, tokenSecret, logger));
    },
  });
  const port = await listen(server, config.port, config.host);
  runtime.notifier.servesDirectLineAt(port);
  logger.info({ port, storage: runtime.store.kind, dataDir: config.dataDir, articles: runtime.knowledge.articles.length }, 'bot listening');
  logger.flush();

  return {
    port,
    runtime,
    adapter,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await stopJobs();
      await runtime.store.close();
      logger.info('stopped');
    },
  };
}
