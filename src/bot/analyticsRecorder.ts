import { ActivityEventNames, type Middleware, type TurnContext } from 'botbuilder';
import { dayOf, eventRecord, type TurnEvent } from '../analytics/events';
import type { Clock } from '../clock';
import { hasUnit, notesOf, routeOf, unitOf } from './turnFacts';

/**
 * Appends one small event per turn to the turn's own unit of work, so it commits with the turn (and only
 * once, however often the turn ran again): the route and a few ids, never message text. Registered right
 * after turnTransaction; costs one appended record in a commit that happens anyway.
 */
export function recordTurnEvents(clock: Clock): Middleware {
  return {
    onTurn: async (context, next) => {
      await next();
      const route = routeOf(context);
      if (!route || !hasUnit(context) || context.activity.name === ActivityEventNames.ContinueConversation) return;
      const event = turnEvent(context, route, clock.now());
      unitOf(context).append(eventRecord(event));
    },
  };
}

function turnEvent(context: TurnContext, route: string, now: Date): TurnEvent {
  const activity = context.activity;
  const value = record(activity.value);
  const at = now.toISOString();
  const event: TurnEvent = { conversation: `${activity.channelId}:${activity.conversation?.id ?? ''}`, day: dayOf(now), at, route, kind: activity.type ?? 'unknown' };
  const notes = notesOf(context);
  const named = text(value?.article) ?? text(route === 'search.article' ? value?.id : undefined);
  const article = named ?? (route.startsWith('search') ? notes.article : undefined);
  if (article) event.article = article;
  const caseId = text(value?.caseId);
  if (caseId) event.caseId = caseId;
  if (route === 'feedback.reason' && text(value?.reason)) event.reason = text(value?.reason)!;
  if (route === 'escalation.rate' && Number.isInteger(Number(value?.text))) event.rating = Number(value?.text);
  if (route === 'escalation.resolved') event.resolved = value?.text === 'yes';
  const { menuNode, refusal, ticket } = notes;
  if (menuNode) event.menuNode = menuNode;
  if (refusal) event.refusal = refusal;
  if (ticket) event.ticket = ticket;
  return event;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
