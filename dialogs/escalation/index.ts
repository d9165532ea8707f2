import type { Activity, Middleware } from 'botbuilder';
import type { Clock } from '../../src/clock';
import { identityOf } from '../../src/bot/identity';
import type { Notifier } from '../../src/bot/notifier';
import type { EscalationNotice, Messenger, SupportDesk } from '../../src/escalation';
import type { Logger } from '../../src/logger';
import type { AccountRepository } from '../../src/storage/accountRepository';
import type { Replies } from '../replies';
import type { Feature } from '../turn';
import { AgentRoutes } from './agent';
import { AgentViews } from './agentViews';
import { watchAgentsChannel } from './channel';
import { CustomerRoutes } from './customer';
import { handoffStatusEvents } from './handoff';
import { renderEscalationNotice } from './noticeViews';
import { CustomerViews } from './views';

export interface EscalationDependencies {
  support: SupportDesk;
  messenger: Messenger;
  notifier: Notifier;
  accounts: AccountRepository;
  clock: Clock;
  replies: Replies;
  logger: Logger;
  /** With an app id, conversation references that matter are taken only from authenticated activities. */
  requireAuthentication: boolean;
}

/** The escalation routes and views, as the bot plugs them in; the desk itself is src/escalation. */
export interface EscalationRoutes {
  /** The router feature: live chats, agents, requests for a person, buttons. */
  feature: Feature;
  /** Adapter middleware: the agents' channel reference and the external hub's status events. */
  middleware: Middleware[];
  /** What a desk notice looks like to the person who gets it. */
  render(notice: EscalationNotice): Partial<Activity>[];
}

export function createEscalation(deps: EscalationDependencies): EscalationRoutes {
  const { support, messenger, notifier, accounts, clock, replies, logger } = deps;
  const customerViews = new CustomerViews(replies);
  const agentViews = new AgentViews(replies);
  const customer = new CustomerRoutes({ desk: support.desk, notifier, views: customerViews, clock });
  const agents = new AgentRoutes({ desk: support.desk, cases: support.cases, notifier, messenger, accounts, views: agentViews, clock });

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

  return {
    feature,
    middleware: [watchAgentsChannel(accounts, notifier, deps.requireAuthentication), handoffStatusEvents(support, customerViews, logger)],
    render: (notice) => renderEscalationNotice(notice, customerViews, agentViews),
  };
}
