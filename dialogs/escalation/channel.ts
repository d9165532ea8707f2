import { TurnContext, type Middleware } from 'botbuilder';
import type { Notifier } from '../../src/bot/notifier';
import type { AccountRepository } from '../../src/storage/accountRepository';
import { agentsChannelKey } from './notices';

/** Teams gives a channel thread the channel's id plus ";messageid=…"; new posts go to the channel itself. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * Remembers how to reach the agents' channel as soon as any activity comes from it (the bot being added,
 * a message, a button), so new cases can be announced there.
 */
export function watchAgentsChannel(accounts: AccountRepository, notifier: Notifier): Middleware {
  return {
    onTurn: async (context, next) => {
      const conversation = context.activity.conversation;
      if (conversation?.id) {
        const channel = (await accounts.supportDirectory()).support.agentsChannel;
        if (channelConversationId(conversation.id) === channel.conversationId) {
          const reference = TurnContext.getConversationReference(context.activity);
          await notifier.rememberAs(agentsChannelKey(channel), {
            ...reference,
            conversation: { ...conversation, id: channel.conversationId },
          });
        }
      }
      await next();
    },
  };
}
