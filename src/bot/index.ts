import type { Activity, BotAdapter } from 'botbuilder';
import { AccountFeature } from '../../dialogs/account/accountFeature';
import { expirationButton } from '../../dialogs/account/accountViews';
import { Confirmations } from '../../dialogs/account/confirmations';
import { createEscalation } from '../../dialogs/escalation';
import { MainDialog } from '../../dialogs/mainDialog';
import { buttons, Replies } from '../../dialogs/replies';
import { parseSubmission } from '../../dialogs/submissions';
import type { CardRenderer } from '../../cards/render';
import type { Clock } from '../clock';
import { expirationLine, type IntentCatalog } from '../domain/accounts';
import type { Messenger, SupportDesk } from '../escalation';
import type { KnowledgeBase } from '../knowledgeBase';
import type { Logger } from '../logger';
import type { AccountRepository } from '../storage/accountRepository';
import { AuditLog } from '../storage/auditLog';
import { ContentLog } from '../storage/contentLog';
import type { Store } from '../storage/ports';
import type { ReadCache } from '../storage/readCache';
import { DocumentStateStorage } from '../storage/stateStorage';
import { handleTurnErrors } from './adapter';
import { TrackedConversationState } from './conversationState';
import { ExpirationNotices } from './expirationNotices';
import { identifySender } from './identity';
import { removeBotMention, turnLogger } from './middleware';
import { Notifier } from './notifier';
import { type Notice, OutboxDelivery } from './outboxDelivery';
import { redactIncoming } from './redaction';
import { SupportBot } from './supportBot';
import { TeamsChannel, teamsConversationGate, universalActions } from './teams';
import { turnTransaction } from './turnTransaction';
import { recordTurnEvents } from './analyticsRecorder';

export interface BotDependencies {
  store: Store;
  knowledge: KnowledgeBase;
  accounts: AccountRepository;
  intents: IntentCatalog;
  cards: CardRenderer;
  clock: Clock;
  logger: Logger;
  support: SupportDesk;
  messenger: Messenger;
  /** The bot's app id ('' without credentials): proactive messages, and whether activities must be authenticated. */
  appId: string;
  /** Analytics events per turn (on unless false: the benchmark measures the bot without them). */
  recordEvents?: boolean;
  /** Conversation state this replica last read or wrote, for a store a round trip away (checked at commit). */
  stateCache?: ReadCache;
}

/** The bot and what runs beside it, independent of how activities reach it (HTTP or a terminal). */
export interface Bot {
  bot: SupportBot;
  notifier: Notifier;
  delivery: OutboxDelivery;
  expirationNotices: ExpirationNotices;
  /** The one middleware chain, in order, and the turn error handler. */
  prepare(adapter: BotAdapter): void;
}

/** The bot's entry point: the only place that puts the dialogs together with the rest. */
export function createBot(deps: BotDependencies): Bot {
  const { store, knowledge, accounts, cards, clock, logger, support, messenger } = deps;
  const replies = new Replies(cards, knowledge.menu);
  const notifier = new Notifier(store, logger, deps.appId);
  const requireAuthentication = deps.appId !== '';
  const escalation = createEscalation({ support, messenger, notifier, accounts, clock, replies, logger, requireAuthentication });
  const account = new AccountFeature(accounts, deps.intents, new Confirmations(accounts, new AuditLog(store)));
  const dialog = new MainDialog({
    knowledge: knowledge.index,
    menu: knowledge.menu,
    cards,
    replies,
    contentLog: new ContentLog(store, clock),
    clock,
    // In order: a live chat with an agent takes the conversation over before anything else.
    features: [escalation.feature, account],
  });
  const render = (notice: Notice): Partial<Activity>[] =>
    notice.kind === 'escalation'
      ? escalation.render(notice.notice)
      : [replies.notice({ title: 'Upcoming expiration', lines: [expirationLine(notice.item)], actions: [expirationButton(notice.item), buttons.getHelp()] })];
  const delivery = new OutboxDelivery({
    store,
    notifier,
    render,
    onAnnounced: (receipt, conversationKey, activityId) => support.notices.recordAnnouncement(receipt.caseId, { conversationKey, activityId }, receipt.status),
    logger,
  });
  const expirationNotices = new ExpirationNotices(accounts, notifier, store, clock, logger, requireAuthentication);
  const teams = new TeamsChannel(knowledge.index, cards, (data) => parseSubmission(data)?.verb);
  const bot = new SupportBot(new TrackedConversationState(new DocumentStateStorage(store)), dialog, teams);

  return {
    bot,
    notifier,
    delivery,
    expirationNotices,
    prepare: (adapter) => {
      adapter.use(redactIncoming()); // first: nothing after it sees a card number
      adapter.use(turnLogger(logger)).use(removeBotMention());
      adapter.use(
        turnTransaction(
          store,
          logger,
          async (unit) => {
            const { keys, ids } = unit.enqueued;
            await delivery.deliverNow(keys, ids);
            await unit.settle();
            if (ids.length > 0) await delivery.drainNow();
          },
          deps.stateCache,
        ),
      );
      if (deps.recordEvents !== false) adapter.use(recordTurnEvents(clock));
      adapter.use(teamsConversationGate(teams.installations)).use(universalActions());
      adapter.use(identifySender(accounts)).use(expirationNotices.remember());
      for (const middleware of escalation.middleware) adapter.use(middleware);
      notifier.attach(adapter);
      handleTurnErrors(adapter, logger, cards);
    },
  };
}
