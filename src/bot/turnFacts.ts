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

export function setUnit(context: TurnContext, unit: UnitOfWork): void {
  context.turnState.set(UNIT_KEY, unit);
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
