import { z } from 'zod';
import type { SubmissionOf } from '../submissions';

/** What the escalation buttons ask for; every one posts `{ verb: 'escalation', action, caseId?, text? }`. */
export const customerActions = ['confirm', 'dismiss', 'cancel', 'ticket', 'wait', 'end', 'resolved', 'rate', 'email'] as const;
export const agentActions = ['accept', 'available', 'away', 'queue', 'home'] as const;

export type CustomerAction = (typeof customerActions)[number];
export type AgentAction = (typeof agentActions)[number];

const caseId = z.string().regex(/^CASE-\d{6,}$/);

/** A customer's escalation button, validated: the payload's shape depends on the action. */
export const customerSubmission = z.discriminatedUnion('action', [
  z.object({ action: z.literal('confirm'), text: z.string().max(2000).optional(), token: z.string().max(64).optional() }),
  z.object({ action: z.literal('dismiss') }),
  z.object({ action: z.enum(['cancel', 'ticket', 'wait', 'end']), caseId }),
  z.object({ action: z.literal('resolved'), caseId, text: z.enum(['yes', 'no']) }),
  z.object({ action: z.literal('rate'), caseId, text: z.enum(['1', '2', '3', '4', '5']) }),
  z.object({ action: z.literal('email'), caseId, text: z.string().max(320).optional() }),
]);
export type CustomerSubmission = z.infer<typeof customerSubmission>;

export const agentSubmission = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), caseId }),
  z.object({ action: z.enum(['available', 'away', 'queue', 'home']) }),
]);
export type AgentSubmission = z.infer<typeof agentSubmission>;

export function parseCustomerSubmission(submission: SubmissionOf<'escalation'>): CustomerSubmission | undefined {
  const parsed = customerSubmission.safeParse(submission);
  return parsed.success ? parsed.data : undefined;
}

export function parseAgentSubmission(submission: SubmissionOf<'escalation'>): AgentSubmission | undefined {
  const parsed = agentSubmission.safeParse(submission);
  return parsed.success ? parsed.data : undefined;
}

/** The payload of an escalation button. */
export function escalationData(action: CustomerAction | AgentAction, fields: { caseId?: string; text?: string; token?: string } = {}): Record<string, unknown> {
  return { verb: 'escalation', action, ...fields };
}
