import type { Activity } from 'botbuilder';
import type { EscalationNotice } from '../../src/escalation';
import type { AgentViews } from './agentViews';
import type { CustomerViews } from './views';

/** A desk notice as the person on the other side reads it; rendered where it is delivered. */
export function renderEscalationNotice(notice: EscalationNotice, customer: CustomerViews, agent: AgentViews): Partial<Activity>[] {
  switch (notice.kind) {
    case 'agent-joined':
      return [customer.agentJoined(notice.caseId, notice.agentName)];
    case 'agent-left':
      return [customer.agentLeft(notice.agentName, notice.place)];
    case 'chat-ended':
      return customer.ended(notice.caseId, notice.agentName);
    case 'from-agent':
      return [customer.fromAgent(notice.agentName, notice.text)];
    case 'position':
      return [customer.position(notice.place)];
    case 'timeout-offer':
      return [customer.timeoutOffer(notice.caseId, notice.minutes, notice.email)];
    case 'from-user':
      return [agent.fromUser(notice.userName, notice.text)];
    case 'ended-by-user':
      return [agent.ended(notice.caseId, notice.userName, 'user')];
    case 'case-card':
      return [agent.caseCard(notice.announcement)];
    case 'chat-opened':
      return agent.accepted(notice.announcement, notice.transcript);
  }
}
