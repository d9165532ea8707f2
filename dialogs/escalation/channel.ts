import { TurnContext, type Middleware } from 'botbuilder';
import { isAuthenticatedTurn, type Notifier } from '../../src/bot/notifier';
import { unitOf } from '../../src/bot/turnFacts';
import { agentsChannelKey } from '../../src/escalation';
import type { AccountRepository } from '../../src/storage/accountRepository';

/** Teams gives a channel thread the channel's id plus ";messageid=…"; new posts go to the channel itself. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * Remembers how to reach the agents' channel as soon as an activity comes from it (the bot being added,
 * a message, a button), so new cases can be announced there. Only an activity of the configured channel
 * (its channel id and conversation id) counts; with an app id, only an authenticated one.
 */
export function watchAgentsChannel(accounts: AccountRepository, notifier: Notifier, requireAuthentication: boolean): Middleware {
  return {
    onTurn: async (context, next) => {
      const conversation = context.activity.conversation;
      if (conversation?.id) {
        const channel = (await accounts.supportDirectory()).support.agentsChannel;
        const here = context.activity.channelId === channel.channelId && channelConversationId(conversation.id) === channel.conversationId;
        if (here && (!requireAuthentication || isAuthenticatedTurn(context))) {
          const reference = TurnContext.getConversationReference(context.activity);
          await notifier.rememberAs(unitOf(context), agentsChannelKey(channel), { ...reference, conversation: { ...conversation, id: channel.conversationId } }, isAuthenticatedTurn(context));
        }
      }
      await next();
    },
  };
}
