import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BotAdapter, CloudAdapter } from 'botbuilder';
import type restify from 'restify';
import { CardRenderer } from '../cards/render';
import { AccountFeature } from '../dialogs/account/accountFeature';
import { Confirmations } from '../dialogs/account/confirmations';
import { createEscalation, type Escalation } from '../dialogs/escalation';
import { MainDialog } from '../dialogs/mainDialog';
import { Replies } from '../dialogs/replies';
import type { Feature } from '../dialogs/turn';
import { createAdapter, handleTurnErrors } from './bot/adapter';
import { TrackedConversationState } from './bot/conversationState';
import { ExpirationNotices } from './bot/expirationNotices';
import { identifySender } from './bot/identity';
import { localChannelDelivery } from './bot/localChannel';
import { removeBotMention, turnLogger } from './bot/middleware';
import { redactIncoming } from './bot/redaction';
import { SupportBot } from './bot/supportBot';
import { TeamsChannel, teamsConversationGate, universalActions } from './bot/teams';
import { clockStartingAt, systemClock, type Clock } from './clock';
import type { Config } from './config';
import { loadIntents, parseAccountData } from './domain/accounts';
import { loadKnowledgeBase, type KnowledgeBase } from './knowledgeBase';
import type { Logger } from './logger';
import { projectRoot } from './paths';
import { createServer, listen } from './server/server';
import { registerWebChat } from './server/webChat';
import { AccountRepository } from './storage/accountRepository';
import { AuditLog } from './storage/auditLog';
import { ContentLog } from './storage/contentLog';
import { openLowdbStore } from './storage/lowdb/lowdbDocumentStore';
import type { DocumentStore } from './storage/ports';
import { DocumentStateStorage } from './storage/stateStorage';

/** The bot and the services it stands on, independent of how activities reach it (HTTP or a terminal). */
export interface BotRuntime {
  bot: SupportBot;
  cards: CardRenderer;
  knowledge: KnowledgeBase;
  store: DocumentStore;
  accounts: AccountRepository;
  clock: Clock;
  escalation: Escalation;
  expirationNotices: ExpirationNotices;
  /** Adds the middleware and error handling every adapter needs. */
  prepare(adapter: BotAdapter): void;
}

export async function createRuntime(config: Config, logger: Logger): Promise<BotRuntime> {
  const root = projectRoot();
  const clock = config.botNow ? clockStartingAt(config.botNow) : systemClock();
  const store = await openLowdbStore(config.dataDir);
  const knowledge = loadKnowledgeBase(join(root, 'knowledge'));
  const accounts = new AccountRepository(store);
  if (await accounts.seedIfEmpty(parseAccountData(JSON.parse(readFileSync(join(root, 'fixtures/demo-accounts.json'), 'utf8'))))) {
    logger.info('loaded the demo account data into an empty store');
  }
  const cards = new CardRenderer(join(root, 'cards'));
  const replies = new Replies(cards, knowledge.menu);
  const features: Feature[] = [];
  const intents = loadIntents(readFileSync(join(root, 'knowledge/intents.yaml'), 'utf8'));
  features.push(new AccountFeature(accounts, intents, new Confirmations(accounts, new AuditLog(store))));
  const escalation = createEscalation({
    store,
    accounts,
    clock,
    replies,
    logger,
    appId: config.microsoftApp.appId,
    settings: { timeoutMinutes: config.escalationTimeoutMinutes, handoffTarget: config.handoffTarget },
  });
  features.unshift(escalation.feature); // first: a live chat with an agent takes the conversation over
  const expirationNotices = new ExpirationNotices(accounts, escalation.notifier, store, replies, clock, logger);

  const dialog = new MainDialog({
    knowledge: knowledge.index,
    menu: knowledge.menu,
    cards,
    replies,
    contentLog: new ContentLog(store, clock),
    clock,
    features,
  });
  const teams = new TeamsChannel(store, knowledge.index, cards);
  const bot = new SupportBot(new TrackedConversationState(new DocumentStateStorage(store)), dialog, teams);
  return {
    bot,
    cards,
    knowledge,
    store,
    accounts,
    clock,
    escalation,
    expirationNotices,
    prepare: (adapter) => {
      adapter.use(redactIncoming()); // first: nothing after it sees a card number
      adapter.use(turnLogger(logger)).use(removeBotMention()).use(teamsConversationGate(teams.installations)).use(universalActions());
      adapter.use(identifySender(accounts)).use(expirationNotices.remember());
      for (const middleware of escalation.middleware) adapter.use(middleware);
      escalation.attach(adapter);
      handleTurnErrors(adapter, logger, cards);
    },
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
  runtime.prepare(adapter);
  const stopSweeping = runtime.escalation.startSweeping();
  const stopNotices = runtime.expirationNotices.schedule();

  const inFlight = new Set<Promise<void>>();
  const server: restify.Server = createServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    messages: async (req, res) => {
      const request = { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method ?? 'POST', socket: req.socket };
      const turn = adapter.process(request, res, (context) => runtime.bot.run(context));
      inFlight.add(turn);
      try {
        await turn;
      } finally {
        inFlight.delete(turn);
      }
    },
    health: async () => ({ articles: runtime.knowledge.articles.length, now: runtime.clock.now().toISOString() }),
    extend: (server) => {
      const deliver = localChannelDelivery(adapter, config.microsoftApp.appId, (context) => runtime.bot.run(context));
      registerWebChat(server, {
        root: projectRoot(),
        demoSignIn: config.webDemoSignIn,
        tokenSecret: config.webTokenSecret,
        botId: config.microsoftApp.appId,
        directory: () => runtime.accounts.directory(),
        deliver: (activity) => {
          const turn = deliver(activity);
          inFlight.add(turn);
          return turn.finally(() => inFlight.delete(turn));
        },
        logger,
      });
    },
  });
  const port = await listen(server, config.port, config.host);
  logger.info({ port, dataDir: config.dataDir, articles: runtime.knowledge.articles.length }, 'bot listening');
  logger.flush();

  return {
    port,
    runtime,
    adapter,
    close: async () => {
      stopSweeping();
      stopNotices();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await runtime.store.close();
      logger.info('stopped');
    },
  };
}
