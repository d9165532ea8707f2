import type { TurnContext } from 'botbuilder';
import type { UnitOfWork } from '../storage/unitOfWork';

/**
 * Facts about a turn that src/bot establishes and the dialogs are handed: where the turn went (for its log
 * line), its unit of work, and whether its replies reached the channel. Identity and redaction have their
 * own files beside this one.
 */

const ROUTE_KEY = Symbol('route');
const UNIT_KEY = Symbol('unitOfWork');
const DELIVERED_KEY = Symbol('repliesDelivered');
const NOTES_KEY = Symbol('analyticsNotes');

/**
 * What the dialogs tell the turn's analytics event beyond its route: kinds and ids, never text.
 * - menuNode: the Get Help node the turn showed;
 * - refusal: an account answer refused because the viewer's role may not see it ('role'), or because the
 *   question named something the viewer does not have or cannot see ('not-found');
 * - ticket: the case the turn opened became a ticket at once, because support was closed or no agent was available.
 */
export interface TurnNotes {
  /** The article an answer card showed (its "Did this help?" buttons are about it). */
  article?: string;
  menuNode?: string;
  refusal?: 'role' | 'not-found';
  ticket?: 'out-of-hours' | 'no-agent';
}

export function setRoute(context: TurnContext, route: string): void {
  context.turnState.set(ROUTE_KEY, route);
}

export function routeOf(context: TurnContext): string | undefined {
  return context.turnState.get(ROUTE_KEY) as string | undefined;
}

/** Everything this turn writes goes through its unit of work, committed once the turn's logic is done. */
export function unitOf(context: TurnContext): UnitOfWork {
  const unit = context.turnState.get(UNIT_KEY) as UnitOfWork | undefined;
  if (!unit) throw new Error('This turn has no unit of work: the turnTransaction middleware must run before the bot.');
  return unit;
}

/** A new unit of work is a new attempt at the turn: notes of an attempt that lost a race go with it. */
export function setUnit(context: TurnContext, unit: UnitOfWork): void {
  context.turnState.set(UNIT_KEY, unit);
  context.turnState.delete(NOTES_KEY);
}

export function noteTurn(context: TurnContext, notes: TurnNotes): void {
  context.turnState.set(NOTES_KEY, { ...notesOf(context), ...notes });
}

export function notesOf(context: TurnContext): TurnNotes {
  return (context.turnState.get(NOTES_KEY) as TurnNotes | undefined) ?? {};
}

export function hasUnit(context: TurnContext): boolean {
  return context.turnState.has(UNIT_KEY);
}

export function markRepliesDelivered(context: TurnContext): void {
  context.turnState.set(DELIVERED_KEY, true);
}

/** True once some reply of this turn went out to the channel (after its commit). */
export function repliesDelivered(context: TurnContext): boolean {
  return context.turnState.get(DELIVERED_KEY) === true;
}
