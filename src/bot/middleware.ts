import { TurnContext, type Middleware } from 'botbuilder';
import type { Logger } from '../logger';
import { routeOf } from './turnFacts';

/** One structured line per turn: conversation, activity type, route, latency and outcome; never the message body. */
export function turnLogger(logger: Logger, now: () => number = () => performance.now()): Middleware {
  return {
    onTurn: async (context, next) => {
      const started = now();
      let outcome = 'ok';
      try {
        await next();
      } catch (error) {
        outcome = 'error';
        throw error;
      } finally {
        logger.info(
          {
            conversationId: context.activity.conversation?.id,
            channelId: context.activity.channelId,
            activityType: context.activity.type,
            route: routeOf(context) ?? 'none',
            latencyMs: Math.round((now() - started) * 10) / 10,
            outcome,
          },
          'turn',
        );
      }
    },
  };
}

/** In Teams channels and group chats the text starts with the bot's @mention; drop it before anything reads the text. */
export function removeBotMention(): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      if (activity.type === 'message' && activity.text && (activity.entities ?? []).some((entity) => entity.type === 'mention')) {
        activity.text = TurnContext.removeRecipientMention(activity)?.trim() ?? activity.text;
      }
      await next();
    },
  };
}
