import { randomUUID } from 'node:crypto';
import type { LogRecord } from '../storage/ports';

/**
 * What the bot records about one turn, for outcomes and reports: where the turn went and a few ids,
 * never message text (the unanswered questions are in the content log, redacted).
 */
export interface TurnEvent {
  /** `channelId:conversationId`: sessions are cut per conversation. */
  conversation: string;
  /** UTC day of `at` (YYYY-MM-DD), also the event's tag, so a day is read without listing the rest. */
  day: string;
  at: string;
  /** The route the dialogs set for the turn (search.answer, feedback.helpful, escalation.confirm...). */
  route: string;
  /** The activity's type (message, conversationUpdate, invoke...). */
  kind: string;
  article?: string;
  caseId?: string;
  /** escalation.rate: the 1-5 rating given. */
  rating?: number;
  /** escalation.resolved: whether the user said the agent resolved the issue. */
  resolved?: boolean;
  /** feedback.reason: why the article did not help. */
  reason?: string;
  /** The Get Help menu node the turn showed (its id: the report names it by its path in the tree). */
  menuNode?: string;
  /** An account answer that was refused: the role may not see it, or it named something the viewer does not have. */
  refusal?: 'role' | 'not-found';
  /** The case opened in this turn became a ticket at once: support was closed, or no agent was available. */
  ticket?: 'out-of-hours' | 'no-agent';
}

/** Unique and in time order within a day, so ids sort like events. */
export function eventId(event: TurnEvent): string {
  return `${event.at}-${randomUUID().slice(0, 8)}`;
}

/** The event as a record of the events log, filed under its day. */
export function eventRecord(event: TurnEvent): LogRecord {
  return { log: 'events', day: event.day, id: eventId(event), value: event };
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The UTC days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && days.length < 3660; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
