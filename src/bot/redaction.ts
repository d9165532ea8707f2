import type { Middleware, TurnContext } from 'botbuilder';
import { redact } from '../domain/redaction';

const REDACTED_KEY = Symbol('redacted');

/** True when this turn's incoming activity held a card number or security code (now removed). */
export function wasRedacted(context: TurnContext): boolean {
  return context.turnState.get(REDACTED_KEY) === true;
}

/**
 * Fields that name things rather than say them: ids, addresses and the activity's own metadata. They stay as
 * they are, because routing, identity and replies depend on them and nobody types a card number into them.
 * Everything else (text, card inputs, display names, conversation and team names, attachments, entities,
 * channel data) is redacted wherever it sits.
 */
const kept = new Set(['id', 'type', 'channelId', 'serviceUrl', 'timestamp', 'localTimestamp', 'rawTimestamp', 'rawLocalTimestamp', 'locale', 'role', 'contentType', 'contentUrl', 'replyToId', 'aadObjectId', 'tenantId', 'textFormat', 'inputHint', 'callerId']);
const isIdentifier = (key: string) => kept.has(key) || /Id$|^id$/.test(key);

/**
 * Redacts card numbers and security codes in every field of the incoming activity that carries what
 * someone wrote or is called. Registered first, so nothing after it (logging, state, references, cases,
 * transcripts, the relay to an agent) ever sees them.
 */
export function redactIncoming(): Middleware {
  return {
    onTurn: async (context, next) => {
      if (redactActivity(context.activity as unknown as Record<string, unknown>)) context.turnState.set(REDACTED_KEY, true);
      await next();
    },
  };
}

/** Redacts in place; true when anything was removed. */
export function redactActivity(activity: Record<string, unknown>): boolean {
  let found = false;
  for (const [key, value] of Object.entries(activity)) {
    if (isIdentifier(key) || value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') continue;
    const redacted = redactValue(value, 0);
    if (redacted.changed) {
      activity[key] = redacted.value;
      found = true;
    }
  }
  return found;
}

/** Deeper than any activity a channel sends; past it the value is dropped rather than left unread. */
const maxDepth = 32;

function redactValue(value: unknown, depth: number): { value: unknown; changed: boolean } {
  if (typeof value === 'string') {
    const text = redact(value).text;
    return { value: text, changed: text !== value };
  }
  if (depth > maxDepth && typeof value === 'object' && value !== null) return { value: '[nested too deeply]', changed: true };
  if (Array.isArray(value)) {
    let changed = false;
    const copy = value.map((item) => {
      const result = redactValue(item, depth + 1);
      changed ||= result.changed;
      return result.value;
    });
    return changed ? { value: copy, changed } : { value, changed };
  }
  if (typeof value === 'object' && value !== null && isPlain(value)) {
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const result = isIdentifier(key) ? { value: item, changed: false } : redactValue(item, depth + 1);
      changed ||= result.changed;
      copy[key] = result.value;
    }
    return changed ? { value: copy, changed } : { value, changed };
  }
  return { value, changed: false };
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
