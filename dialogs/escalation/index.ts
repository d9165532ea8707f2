import type { BotAdapter, Middleware } from 'botbuilder';
import type { Clock } from '../../src/clock';
import { identityOf } from '../../src/bot/identity';
import { Notifier } from '../../src/bot/notifier';
import type { Logger } from '../../src/logger';
import type { AccountRepository } from '../../src/storage/accountRepository';
import { CaseRepository } from '../../src/storage/caseRepository';
import type { DocumentStore } from '../../src/storage/ports';
import type { Replies } from '../replies';
import type { Feature } from '../turn';
import { AgentRoutes } from './agent';
import { AgentViews } from './agentViews';
import { watchAgentsChannel } from './channel';
import { CustomerRoutes } from './customer';
import { EscalationDesk, type EscalationSettings } from './desk';
import { handoffStatusEvents } from './handoff';
import { QueueNotices } from './notices';
import { CustomerViews } from './views';

export { EscalationDesk, type EscalationSettings } from './desk';

export interface EscalationDependencies {
  store: DocumentStore;
  accounts: AccountRepository;
  clock: Clock;
  replies: Replies;
  logger: Logger;
  settings: EscalationSettings;
  /** The bot's app id, for proactive messages ('' when running without credentials). */
  appId: string;
}

/** Escalation to support agents, as the composition root plugs it in. */
export interface Escalation {
  /** The router feature: live chats, agents, requests for a person, buttons. */
  feature: Feature;
  /** Adapter middleware: the agents' channel reference and the external hub's status events. */
  middleware: Middleware[];
  desk: EscalationDesk;
  cases: CaseRepository;
  notifier: Notifier;
  /** Gives the notifier the adapter it sends proactive messages through. */
  attach(adapter: BotAdapter): void;
  /** Offers a ticket to users who waited past the time-out; returns the case ids offered one. */
  sweep(now?: Date): Promise<string[]>;
  /** Sweeps every `intervalMs` without keeping the process alive; returns the function that stops it. */
  startSweeping(intervalMs?: number): () => void;
}

export function createEscalation(deps: EscalationDependencies): Escalation {
  const { store, accounts, clock, replies, logger, settings } = deps;
  const cases = new CaseRepository(store);
  const notifier = new Notifier(store, logger, deps.appId);
  const customerViews = new CustomerViews(replies);
  const agentViews = new AgentViews(replies);
  const notices = new QueueNotices(cases, notifier, accounts, clock, customerViews, agentViews);
  const desk = new EscalationDesk({ cases, notices, notifier, accounts, clock, customer: customerViews, agent: agentViews, logger, settings });
  const customer = new CustomerRoutes({ desk, notifier, views: customerViews, clock });
  const agents = new AgentRoutes({ desk, cases, notifier, accounts, views: agentViews, clock });

  const feature: Feature = {
    name: 'escalation',
    intercept: async (turn) => {
      const identity = identityOf(turn.context);
      return identity.kind === 'agent' ? agents.handle(turn, identity.agent) : customer.intercept(turn);
    },
    text: (turn, text) => customer.text(turn, text),
    submission: async (turn, submission) => submission.verb === 'escalation' && customer.submission(turn, submission),
    requestAgent: (turn, reason) => customer.requestAgent(turn, reason),
    afterFailedSearch: (turn) => customer.afterFailedSearch(turn),
  };

  const sweep = (now?: Date) => desk.sweep(now);
  return {
    feature,
    middleware: [watchAgentsChannel(accounts, notifier), handoffStatusEvents(desk, customerViews, logger)],
    desk,
    cases,
    notifier,
    attach: (adapter) => notifier.attach(adapter),
    sweep,
    startSweeping: (intervalMs = 30_000) => {
      const timer = setInterval(() => {
        sweep().catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'escalation sweep failed'));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
