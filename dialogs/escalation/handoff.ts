import { ActivityTypes, EventFactory, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { conversationKeyOf } from '../../src/bot/notifier';
import { accept, caseAnnouncement, toTicket, type CaseAgent, type TranscriptEntry } from '../../src/domain/escalation';
import type { Logger } from '../../src/logger';
import type { CaseRecord } from '../../src/storage/caseRepository';
import { setRoute } from '../turn';
import { endWithLine, withLine, type EscalationDesk, type Moved, type Refusal } from './desk';
import type { CustomerViews } from './views';

/**
 * HANDOFF_TARGET=external: the Bot Framework handoff protocol. The bot sends `handoff.initiate` with the
 * case's context and transcript; the agent hub answers with `handoff.status` events.
 */

export const HANDOFF_STATUS = 'handoff.status';

const handoffStatus = z.object({
  state: z.enum(['accepted', 'completed', 'failed']),
  message: z.string().optional(),
});

/** The agent an external hub's agent is recorded as. */
export const externalAgent: CaseAgent = { id: 'external-hub', name: 'A support agent' };

/** The hub took, finished or gave up the conversation of a handed-off case. */
export async function externalStatus(desk: EscalationDesk, record: CaseRecord, state: 'accepted' | 'completed' | 'failed'): Promise<Moved | Refusal> {
  const id = record.case.id;
  if (state === 'accepted') return desk.move(id, () => undefined, (c, now) => withLine(accept(c, externalAgent, now), 'A support agent joined the chat', now));
  if (state === 'completed') return desk.close(id, undefined, (c, now) => endWithLine(c, externalAgent.id, 'The support agent ended the chat', now));
  return desk.close(id, undefined, (c, now) => toTicket(c, now));
}

/** The `handoff.initiate` event: the same context agents see on the case card, and the transcript as an attachment. */
export function handoffInitiation(context: TurnContext, record: CaseRecord, now: Date): Partial<Activity> {
  const transcript = { activities: record.case.transcript.map((entry) => transcriptActivity(record, entry)) };
  return EventFactory.createHandoffInitiation(context, caseAnnouncement(record.case, now), transcript);
}

function transcriptActivity(record: CaseRecord, entry: TranscriptEntry): Activity {
  const role = entry.from === 'user' ? 'user' : 'bot';
  const id = entry.from === 'user' ? record.case.user.id : entry.from;
  return {
    type: ActivityTypes.Message,
    text: entry.text,
    timestamp: new Date(entry.at),
    from: { id, name: entry.name ?? (entry.from === 'user' ? (record.case.user.name ?? 'User') : 'Account help bot'), role },
  } as Activity;
}

/** Acts on the hub's `handoff.status` events: accepted (the hub's agent has the chat), completed (rate it), failed (a ticket). */
export function handoffStatusEvents(desk: EscalationDesk, views: CustomerViews, logger: Logger): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      if (activity.type !== ActivityTypes.Event || activity.name !== HANDOFF_STATUS) {
        await next();
        return;
      }
      setRoute(context, 'escalation.handoff-status');
      const status = handoffStatus.safeParse(activity.value);
      const key = conversationKeyOf(activity);
      const record = status.success ? (await desk.openCases()).find((r) => r.handoff === 'external' && r.case.user.conversationKey === key) : undefined;
      if (!status.success || !record) {
        logger.warn({ conversationId: activity.conversation?.id, valid: status.success }, 'handoff.status for no handed-off case');
        return;
      }
      const moved = await externalStatus(desk, record, status.data.state);
      if (!moved.ok) return;
      const caseId = record.case.id;
      if (status.data.state === 'accepted') await context.sendActivity(views.handoffAccepted(caseId));
      else if (status.data.state === 'completed') await context.sendActivities(views.ended(caseId, 'The support agent'));
      else {
        const email = moved.record.case.user.email;
        await context.sendActivity(views.ticket(caseId, email ? { email } : {}));
      }
    },
  };
}
