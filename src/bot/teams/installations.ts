import { TurnContext, type ConversationReference } from 'botbuilder';
import { isAuthenticatedTurn, mayReplaceReference } from '../notifier';
import { unitOf } from '../turnFacts';
import { channelConversationId, conversationTypeOf } from './activity';

/**
 * Conversation references of the Teams chats and channels the bot is installed in, stored where
 * proactive messages look for them ('references', keyed "<channelId>:<conversation id>"), in the turn's
 * unit of work: once the
 * bot has been added to, or mentioned in, the agents' channel, escalations can be announced there.
 */
export class TeamsInstallations {
  /** Stores the conversation's reference; in a channel, the channel's own (not the thread's). */
  async remember(context: TurnContext): Promise<string> {
    const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
    const conversation = reference.conversation;
    if (!conversation) throw new TypeError('A conversation reference needs the activity\'s conversation.');
    const id = conversationTypeOf(context.activity) === 'channel' ? channelConversationId(conversation.id) : conversation.id;
    const lasting: Partial<ConversationReference> = { ...reference, conversation: { ...conversation, id } };
    const key = referenceKey(context.activity.channelId, id);
    const unit = unitOf(context);
    const stored = await unit.get<Partial<ConversationReference>>('references', key);
    if (JSON.stringify(stored) !== JSON.stringify(lasting) && mayReplaceReference(stored, lasting, isAuthenticatedTurn(context))) unit.put('references', key, lasting);
    return key;
  }

  /** Drops the reference when the bot is uninstalled: it can no longer write there. */
  async forget(context: TurnContext): Promise<void> {
    const id = context.activity.conversation?.id;
    if (!id) return;
    const conversationId = conversationTypeOf(context.activity) === 'channel' ? channelConversationId(id) : id;
    unitOf(context).delete('references', referenceKey(context.activity.channelId, conversationId));
  }
}

/** The same key the proactive notifier reads. */
export function referenceKey(channelId: string, conversationId: string): string {
  return `${channelId}:${conversationId}`;
}
