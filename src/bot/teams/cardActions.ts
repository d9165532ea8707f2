import { CardFactory, type Activity, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type TurnContext } from 'botbuilder';
import { toUniversalActions } from './universalActions';

const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

/**
 * Presses that move the same card on: a menu step, the search prompt, a "Did you mean" dismissed, a
 * confirmation used. The pressed card becomes the next one. Other presses (feedback, an article, a
 * request for a person, an escalation) leave the card as it was and reply with messages, as a submit
 * does; features that change their own cards update them (an escalation taken by an agent).
 */
const IN_PLACE: ReadonlySet<string> = new Set(['menu', 'back', 'home', 'search-start', 'none-of-these', 'confirm']);

/** The verb of a card submission, as the dialogs read it (undefined when it is none of theirs). */
export type VerbOf = (data: unknown) => string | undefined;

/**
 * Answers an `Action.Execute` press (`adaptiveCard/action`) by running the same routing as an
 * `Action.Submit` with the action's data, then answering the invoke with the updated card or a short
 * message response.
 */
export async function answerCardAction(
  context: TurnContext,
  invoke: AdaptiveCardInvokeValue,
  verbOf: VerbOf,
  route: () => Promise<void>,
): Promise<AdaptiveCardInvokeResponse> {
  const data = invoke.action.data;
  const verb = verbOf(data);
  const replacement = verb === undefined || IN_PLACE.has(verb) ? firstCardOf(context) : undefined;
  await asSubmission(context, data, route);
  const card = replacement?.();
  return card
    ? { statusCode: 200, type: CARD_RESPONSE, value: toUniversalActions(card) }
    : // Teams shows a message response's value, a string, though botbuilder types every value as an object.
      { statusCode: 200, type: MESSAGE_RESPONSE, value: 'Sent.' as unknown as Record<string, unknown> };
}

const CAPTURE_KEY = Symbol('pressedCardReplacement');

/**
 * Keeps the first card the turn replies with out of the chat, to become the pressed card's new content.
 * One capture per turn, started afresh on every attempt: a turn that runs again after losing a race
 * captures the card of the attempt that counts.
 */
function firstCardOf(context: TurnContext): () => Record<string, unknown> | undefined {
  let capture = context.turnState.get(CAPTURE_KEY) as { card?: Record<string, unknown> } | undefined;
  if (!capture) {
    const created: { card?: Record<string, unknown> } = {};
    capture = created;
    context.turnState.set(CAPTURE_KEY, created);
    context.onSendActivities(async (_context, activities, next) => {
      if (created.card === undefined) {
        const index = activities.findIndex((activity) => cardOf(activity) !== undefined);
        if (index >= 0) {
          created.card = cardOf(activities[index]!) ?? {};
          activities.splice(index, 1);
        }
      }
      return activities.length > 0 ? next() : [];
    });
  }
  delete capture.card;
  const current = capture;
  return () => current.card;
}

/** For the length of the routing, the invoke reads like the message a submit would have sent. */
async function asSubmission(context: TurnContext, data: unknown, route: () => Promise<void>): Promise<void> {
  const activity = context.activity;
  const original = { type: activity.type, value: activity.value as unknown };
  activity.type = 'message';
  activity.value = data;
  try {
    await route();
  } finally {
    activity.type = original.type;
    activity.value = original.value;
  }
}

function cardOf(activity: Partial<Activity>): Record<string, unknown> | undefined {
  if (activity.type !== 'message') return undefined;
  const attachment = activity.attachments?.find((a) => a.contentType === CardFactory.contentTypes.adaptiveCard);
  return attachment?.content as Record<string, unknown> | undefined;
}
