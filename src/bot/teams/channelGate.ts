import type { Middleware } from 'botbuilder';
import { setRoute } from '../turnFacts';
import { conversationTypeOf, isSharedConversation, mentionsBot } from './activity';
import type { TeamsInstallations } from './installations';

/**
 * In Teams channels and group chats people talk to each other: the bot answers a message only when it is
 * @mentioned (card buttons still work). A mention in a channel also records the channel's reference, so
 * the agents' channel can be reached for escalation announcements.
 */
export function teamsConversationGate(installations: TeamsInstallations): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      if (activity.type === 'message' && isSharedConversation(activity)) {
        const isCardSubmit = activity.value !== undefined && activity.value !== null;
        if (!isCardSubmit && !mentionsBot(activity)) {
          setRoute(context, 'teams.not-mentioned');
          return;
        }
        if (conversationTypeOf(activity) === 'channel') await installations.remember(context);
      }
      await next();
    },
  };
}
