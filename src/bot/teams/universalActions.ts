import { CardFactory, type Activity, type Attachment, type Middleware } from 'botbuilder';
import { isTeams } from './activity';

/**
 * Adaptive Card Universal Actions: in Teams a card's buttons become `Action.Execute`, answered through
 * `adaptiveCard/action` invokes so the pressed card can be updated in place. The verb is the payload's
 * `verb` and the payload is kept as `data`, so the same router reads it on every channel.
 */
export function toUniversalActions<T>(card: T): T {
  return convert(card) as T;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const element = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'data' ? value : convert(value)]));
  if (element.type !== 'Action.Submit') return element;
  const data = element.data;
  const verb = typeof data === 'object' && data !== null && typeof (data as { verb?: unknown }).verb === 'string' ? (data as { verb: string }).verb : 'submit';
  return { ...element, type: 'Action.Execute', verb };
}

/** Converts the Adaptive Cards among an activity's attachments; other attachments pass as they are. */
export function withUniversalActions<A extends Partial<Activity>>(activity: A): A {
  if (!activity.attachments?.some(isAdaptiveCard)) return activity;
  return {
    ...activity,
    attachments: activity.attachments.map((attachment) =>
      isAdaptiveCard(attachment) ? { ...attachment, content: toUniversalActions(attachment.content) } : attachment,
    ),
  };
}

/** Rewrites cards on their way out to Teams; every other channel keeps `Action.Submit`. */
export function universalActions(): Middleware {
  return {
    onTurn: async (context, next) => {
      if (isTeams(context.activity)) {
        context.onSendActivities(async (_context, activities, sendNext) => {
          activities.splice(0, activities.length, ...activities.map(withUniversalActions));
          return sendNext();
        });
        context.onUpdateActivity(async (_context, activity, updateNext) => {
          Object.assign(activity, withUniversalActions(activity));
          return updateNext();
        });
      }
      await next();
    },
  };
}

function isAdaptiveCard(attachment: Attachment): boolean {
  return attachment.contentType === CardFactory.contentTypes.adaptiveCard;
}
