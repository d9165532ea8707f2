import type { CaseAnnouncement } from '../domain/escalation';
import type { UnitOfWork } from '../storage/unitOfWork';

/** The user's place in the queue, with an estimate in minutes when there is enough history. */
export interface QueuePlace {
  caseId: string;
  position: number;
  estimate?: number;
}

/**
 * What the desk tells people in other conversations. Notices are data: they travel through the outbox and
 * are turned into cards by the views when they are delivered, on whichever replica delivers them.
 */
export type EscalationNotice =
  // to the user
  | { kind: 'agent-joined'; caseId: string; agentName: string }
  | { kind: 'agent-left'; agentName: string; place: QueuePlace }
  | { kind: 'chat-ended'; caseId: string; agentName: string }
  | { kind: 'from-agent'; agentName: string; text: string }
  | { kind: 'position'; place: QueuePlace }
  | { kind: 'timeout-offer'; caseId: string; minutes: number; email?: string }
  // to agents
  | { kind: 'from-user'; userName: string; text: string }
  | { kind: 'ended-by-user'; caseId: string; userName: string }
  | { kind: 'case-card'; announcement: CaseAnnouncement }
  | { kind: 'chat-opened'; announcement: CaseAnnouncement; transcript: string };

/** Sends notices as part of a unit of work: they go out once it commits, and only if it does. */
export interface Messenger {
  send(unit: UnitOfWork, to: string, notice: EscalationNotice, receipt?: AnnouncementReceipt): void;
  /** Replaces an activity sent earlier (a case card, in place). */
  update(unit: UnitOfWork, to: string, activityId: string, notice: EscalationNotice): void;
}

/** Asks the deliverer to report the sent card's id, so the case can update it in place later. */
export interface AnnouncementReceipt {
  caseId: string;
  /** The case status the card showed, to catch a change that raced the delivery. */
  status: string;
}
