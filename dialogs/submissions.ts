import { z } from 'zod';

/** Every payload a card button of this bot can post back. Anything else is an unknown or stale button. */
export const submission = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('menu'), node: z.string().min(1).max(100) }),
  z.object({ verb: z.literal('back'), from: z.string().min(1).max(100) }),
  z.object({ verb: z.literal('home') }),
  z.object({ verb: z.literal('article'), id: z.string().min(1).max(100) }),
  z.object({ verb: z.literal('search-start') }),
  z.object({ verb: z.literal('feedback'), article: z.string().min(1).max(100), helpful: z.boolean() }),
  z.object({
    verb: z.literal('feedback-reason'),
    article: z.string().min(1).max(100),
    reason: z.enum(['not-related', 'not-answered']),
  }),
  z.object({ verb: z.literal('none-of-these'), query: z.string().max(500) }),
  z.object({ verb: z.literal('agent') }),
  z.object({
    verb: z.literal('account'),
    intent: z.string().min(1).max(50),
    subscription: z.string().max(40).optional(),
    contract: z.string().max(40).optional(),
    team: z.string().max(80).optional(),
  }),
  z.object({ verb: z.literal('confirm'), token: z.string().min(1).max(100), accept: z.boolean() }),
  z.object({ verb: z.literal('escalation'), action: z.string().min(1).max(50), caseId: z.string().max(50).optional(), text: z.string().max(2000).optional(), token: z.string().max(64).optional() }),
]);

export type Submission = z.infer<typeof submission>;
export type Verb = Submission['verb'];
export type SubmissionOf<V extends Verb> = Extract<Submission, { verb: V }>;

/** Returns the submission, or undefined for a payload no current card could have sent. */
export function parseSubmission(value: unknown): Submission | undefined {
  const parsed = submission.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
