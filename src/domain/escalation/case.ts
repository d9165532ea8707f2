import { z } from 'zod';
import { redact, redactDeep } from '../redaction';

/** An escalation case: the user's hand-off to a support agent, or a ticket when no agent can take it. */

export const caseStatuses = ['queued', 'accepted', 'released', 'ended', 'ticket', 'cancelled', 'timed-out'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Statuses in which the case waits in the queue for an agent ('timed-out': the user was asked and may still wait). */
export const waitingStatuses = ['queued', 'released', 'timed-out'] as const satisfies readonly CaseStatus[];
/** Statuses after which nothing more happens to the case, apart from the user's rating of an ended chat. */
export const closedStatuses = ['ended', 'ticket', 'cancelled'] as const satisfies readonly CaseStatus[];

const instant = z.iso.datetime();

export const caseIdPattern = /^CASE-\d{6,}$/;

export const statusChange = z.strictObject({
  status: z.enum(caseStatuses),
  at: instant,
  /** Who caused the change: a user id or an agent id; absent for the bot's own changes (time-outs). */
  by: z.string().min(1).optional(),
});

export const caseUser = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  email: z.string().optional(),
  tenantName: z.string().optional(),
  role: z.string().optional(),
  /** Key of the stored conversation reference used to reach the user proactively. */
  conversationKey: z.string().min(1),
});

export const caseAgent = z.strictObject({ id: z.string().min(1), name: z.string().min(1) });

export const articleFeedback = z.enum(['helpful', 'not-helpful']);

export const caseContext = z.strictObject({
  question: z.string().optional(),
  /** Breadcrumb of the Get Help menu node the user came from, e.g. "Billing & orders > Update billing info". */
  menuPath: z.string().optional(),
  searches: z.array(z.string()),
  articlesShown: z.array(
    z.strictObject({ id: z.string(), title: z.string(), feedback: articleFeedback.optional() }),
  ),
  subscriptions: z.array(
    z.strictObject({
      id: z.string(),
      product: z.string(),
      renewalDate: z.iso.date(),
      purchasedVia: z.enum(['online', 'reseller']),
      reseller: z.string().optional(),
    }),
  ),
  /** The line the user added before queueing. */
  note: z.string().optional(),
});

export const transcriptEntry = z.strictObject({
  from: z.enum(['user', 'bot', 'agent']),
  name: z.string().optional(),
  /** Already redacted. */
  text: z.string(),
  at: instant,
});

export const caseResolution = z.strictObject({
  resolved: z.boolean().optional(),
  rating: z.number().int().min(1).max(5).optional(),
});

export const escalationCase = z.strictObject({
  id: z.string().regex(caseIdPattern, 'use CASE- and at least six digits, e.g. CASE-000042'),
  status: z.enum(caseStatuses),
  /** Oldest first; the last entry is the current status. */
  history: z.array(statusChange).min(1),
  user: caseUser,
  agent: caseAgent.optional(),
  context: caseContext,
  transcript: z.array(transcriptEntry),
  resolution: caseResolution,
  createdAt: instant,
});

export type StatusChange = z.infer<typeof statusChange>;
export type CaseUser = z.infer<typeof caseUser>;
export type CaseAgent = z.infer<typeof caseAgent>;
export type CaseContext = z.infer<typeof caseContext>;
export type TranscriptEntry = z.infer<typeof transcriptEntry>;
export type CaseResolution = z.infer<typeof caseResolution>;
export type EscalationCase = z.infer<typeof escalationCase>;

export class CaseError extends Error {
  override readonly name = 'CaseError';
}

/** CASE-000042 from sequence number 42. */
export function caseId(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new CaseError(`case sequence ${sequence} is not a positive integer: take the next number from the counter.`);
  }
  return `CASE-${String(sequence).padStart(6, '0')}`;
}

/** Validates a stored case; throws CaseError naming what is wrong. */
export function parseCase(raw: unknown): EscalationCase {
  const parsed = escalationCase.safeParse(raw);
  if (!parsed.success) throw new CaseError(`stored case is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface NewCase {
  sequence: number;
  user: CaseUser;
  context: CaseContext;
  /** The recent conversation that goes with the case. */
  transcript?: readonly Omit<TranscriptEntry, 'at'>[] | readonly TranscriptEntry[];
  /** 'ticket' when outside support hours or when no agent is available. */
  status?: 'queued' | 'ticket';
}

/** A new case, queued (or a ticket) at `now`. Every text it is given is redacted. */
export function openCase(input: NewCase, now: Date): EscalationCase {
  const at = now.toISOString();
  const status = input.status ?? 'queued';
  return {
    id: caseId(input.sequence),
    status,
    history: [{ status, at, by: input.user.id }],
    user: redactUser(input.user),
    context: redactDeep(input.context),
    transcript: (input.transcript ?? []).map((entry) => redactEntry({ at, ...entry })),
    resolution: {},
    createdAt: at,
  };
}

/** Redacts what a person may have typed; ids and the conversation key are left alone (they are not text, and must still match). */
function redactUser(user: CaseUser): CaseUser {
  const { id, conversationKey, ...described } = user;
  return { id, conversationKey, ...redactDeep(described) };
}

export function redactEntry(entry: TranscriptEntry): TranscriptEntry {
  return { ...entry, text: redact(entry.text).text };
}

export function isWaiting(current: EscalationCase): boolean {
  return (waitingStatuses as readonly CaseStatus[]).includes(current.status);
}

export function isClosed(current: EscalationCase): boolean {
  return (closedStatuses as readonly CaseStatus[]).includes(current.status);
}
