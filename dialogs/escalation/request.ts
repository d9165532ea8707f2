import type { Activity } from 'botbuilder';
import { canSeeSubscription } from '../../src/domain/accounts/access';
import type { Identity } from '../../src/domain/accounts/identity';
import { holdings } from '../../src/domain/accounts/lookup';
import type { CaseContext, CaseUser, TranscriptEntry } from '../../src/domain/escalation';
import type { MenuTree } from '../../src/domain/menu';
import type { ConversationMemory } from '../memory';
import { escalationMemoryOf, requestQuestion } from './memory';
import type { CaseRequest } from '../../src/escalation';

/** Who the case is for, as the agent will see them. Unidentified users go by their channel id. */
export function caseUserOf(identity: Identity, activity: Partial<Activity>, conversationKey: string): CaseUser {
  if (identity.kind === 'customer') {
    return {
      id: caseUserIdOf(identity, activity),
      name: identity.user.name,
      email: identity.user.email,
      tenantName: identity.tenant.name,
      role: identity.role,
      conversationKey,
    };
  }
  const name = activity.from?.name;
  return { id: caseUserIdOf(identity, activity), ...(name ? { name } : {}), conversationKey };
}

/** The id a case records for its user: the customer's id, or "<channel>:<channel user id>" for anyone else. */
export function caseUserIdOf(identity: Identity, activity: Partial<Activity>): string {
  if (identity.kind === 'customer') return identity.user.id;
  return `${activity.channelId ?? 'unknown'}:${activity.from?.id ?? 'unknown'}`;
}

/** The question and menu path the user will see on the confirmation card, and the agent on the case card. */
export function requestSummaryOf(memory: ConversationMemory, menu: MenuTree): { question?: string; menuPath?: string } {
  const question = requestQuestion(memory);
  const menuPath = memory.menuNode && memory.menuNode !== menu.root.id ? menu.breadcrumb(memory.menuNode) : undefined;
  return { ...(question ? { question } : {}), ...(menuPath ? { menuPath } : {}) };
}

/** Everything a new case carries: the user, what they tried, their subscriptions, and the recent conversation. */
export function caseRequestOf(input: {
  identity: Identity;
  activity: Partial<Activity>;
  conversationKey: string;
  memory: ConversationMemory;
  menu: MenuTree;
  note?: string;
}): CaseRequest {
  const { identity, memory } = input;
  const user = caseUserOf(identity, input.activity, input.conversationKey);
  const context: CaseContext = {
    ...requestSummaryOf(memory, input.menu),
    searches: [...memory.searches],
    articlesShown: memory.articlesShown.map(({ id, title, feedback }) => ({
      id,
      title,
      ...(feedback === undefined ? {} : { feedback: feedback === 'helpful' ? ('helpful' as const) : ('not-helpful' as const) }),
    })),
    subscriptions: visibleSubscriptions(identity),
    ...(input.note ? { note: input.note } : {}),
  };
  // Both sides, in order: what the user typed and the bot's answers to it.
  const userLines: TranscriptEntry[] = escalationMemoryOf(memory).recent.map(({ text, at }) => ({ from: 'user', ...(user.name ? { name: user.name } : {}), text, at }));
  const botLines: TranscriptEntry[] = (memory.botLines ?? []).map(({ text, at }) => ({ from: 'bot', text, at }));
  const transcript = [...userLines, ...botLines].sort((a, b) => a.at.localeCompare(b.at) || (a.from === 'user' ? -1 : 1));
  return { user, context, transcript };
}

/** The subscriptions the user may see, with renewal date and how they were bought. */
function visibleSubscriptions(identity: Identity): CaseContext['subscriptions'] {
  if (identity.kind !== 'customer') return [];
  return holdings(identity.tenant)
    .filter(({ subscription }) => canSeeSubscription(identity, subscription))
    .map(({ subscription, contract }) => ({
      id: subscription.id,
      product: subscription.product,
      renewalDate: contract.renewalDate,
      purchasedVia: contract.purchasedVia,
      ...(contract.purchasedVia === 'reseller' ? { reseller: contract.reseller.name } : {}),
    }));
}
