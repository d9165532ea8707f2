import { ActivityEventNames, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { dayOf, eventRecord, type TurnEvent } from '../analytics/events';
import type { Clock } from '../clock';
import { heldReplies } from './turnTransaction';
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
  const named = text(value?.article) ?? text(route === 'search.article' ? value?.id : undefined);
  const article = named ?? (route.startsWith('search') ? answeredArticle(heldReplies(context)) : undefined);
  if (article) event.article = article;
  const caseId = text(value?.caseId);
  if (caseId) event.caseId = caseId;
  if (route === 'feedback.reason' && text(value?.reason)) event.reason = text(value?.reason)!;
  if (route === 'escalation.rate' && Number.isInteger(Number(value?.text))) event.rating = Number(value?.text);
  if (route === 'escalation.resolved') event.resolved = value?.text === 'yes';
  const { menuNode, refusal, ticket } = notesOf(context);
  if (menuNode) event.menuNode = menuNode;
  if (refusal) event.refusal = refusal;
  if (ticket) event.ticket = ticket;
  return event;
}

/** The article of an answer card: the one its "Did this help?" buttons are about. */
function answeredArticle(replies: readonly Partial<Activity>[] | undefined): string | undefined {
  const seen = new Set<unknown>();
  const visit = (node: unknown, depth: number): string | undefined => {
    if (depth > 12 || node === null || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    const object = node as Record<string, unknown>;
    if (object.verb === 'feedback' && typeof object.article === 'string') return object.article;
    for (const child of Object.values(object)) {
      const found = visit(child, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  for (const reply of replies ?? []) {
    const found = visit(reply.attachments, 0);
    if (found) return found;
  }
  return undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}
