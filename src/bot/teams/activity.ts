import type { Activity } from 'botbuilder';
import { TEAMS_CHANNEL } from '../../domain/accounts/identity';

export { TEAMS_CHANNEL };

/** Where a Teams conversation happens; Teams leaves `conversationType` out of personal chats at times. */
export type TeamsConversationType = 'personal' | 'channel' | 'groupChat';

type ActivityFields = Pick<Partial<Activity>, 'channelId' | 'conversation' | 'entities' | 'recipient'>;

export function isTeams(activity: ActivityFields): boolean {
  return activity.channelId === TEAMS_CHANNEL;
}

export function conversationTypeOf(activity: ActivityFields): TeamsConversationType {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/** A Teams channel or group chat: there the bot speaks only when spoken to by name. */
export function isSharedConversation(activity: ActivityFields): boolean {
  return isTeams(activity) && conversationTypeOf(activity) !== 'personal';
}

/** Whether the message @mentions this bot (not just anyone). */
export function mentionsBot(activity: ActivityFields): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some(
    (entity) => entity.type === 'mention' && botId !== undefined && (entity as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}

/** A reply in a channel thread has ";messageid=…" after the channel id; new posts go to the channel itself. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
