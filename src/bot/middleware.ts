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
            conversationId: loggable(context.activity.conversation?.id),
            channelId: loggable(context.activity.channelId),
            activityType: loggable(context.activity.type),
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

/**
 * Activities reach the adapter from HTTP (validated there) and from the local Direct Line; this holds for
 * both: a field that is not a string is logged as its type, and a string loses control characters and is cut
 * short, so no caller can forge or flood log lines.
 */
function loggable(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `(${typeof value})`;
  return value.replace(/\p{Cc}/gu, '').slice(0, 200);
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
