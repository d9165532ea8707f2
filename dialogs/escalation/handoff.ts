import { ActivityTypes, EventFactory, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { conversationKeyOf } from '../../src/bot/notifier';
import { setRoute, unitOf } from '../../src/bot/turnFacts';
import { caseAnnouncement, type TranscriptEntry } from '../../src/domain/escalation';
import { externalStatus, type CaseRecord, type EscalationDesk, type SupportDesk } from '../../src/escalation';
import type { Logger } from '../../src/logger';
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
export function handoffStatusEvents(support: SupportDesk, views: CustomerViews, logger: Logger): Middleware {
  const desk: EscalationDesk = support.desk;
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
      const record = status.success ? (await support.cases.openInConversation(key)).find((r) => r.handoff === 'external') : undefined;
      if (!status.success || !record) {
        logger.warn({ conversationId: activity.conversation?.id, valid: status.success }, 'handoff.status for no handed-off case');
        return;
      }
      const moved = await externalStatus(desk, unitOf(context), record, status.data.state);
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
