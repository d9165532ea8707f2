import type { Middleware, TurnContext } from 'botbuilder';
import { redact, redactDeep } from '../domain/redaction';

const REDACTED_KEY = Symbol('redacted');

/** True when this turn's incoming text or card values held a card number or security code (now removed). */
export function wasRedacted(context: TurnContext): boolean {
  return context.turnState.get(REDACTED_KEY) === true;
}

/**
 * Redacts card numbers and security codes in the incoming text and card values. Registered first, so
 * nothing after it (logging, state, transcripts, the relay to an agent) ever sees them.
 */
export function redactIncoming(): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      let found = false;
      if (typeof activity.text === 'string') {
        const result = redact(activity.text);
        activity.text = result.text;
        found = result.redacted;
      }
      if (activity.value !== undefined && activity.value !== null) {
        const before = JSON.stringify(activity.value);
        activity.value = redactDeep(activity.value);
        found ||= JSON.stringify(activity.value) !== before;
      }
      if (found) context.turnState.set(REDACTED_KEY, true);
      await next();
    },
  };
}
