import { z } from 'zod';

/** The least an incoming activity needs before it is handed to the adapter; the rest is the adapter's business. */
const account = z.looseObject({ id: z.string().min(1) });
export const incomingActivity = z
  .looseObject({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.string().min(1),
    conversation: account,
    from: account.optional(),
    text: z.string().optional(),
  })
  .refine((activity) => activity.type !== 'message' || activity.from !== undefined, {
    message: 'a message activity needs "from"',
    path: ['from'],
  });

export function describeInvalidActivity(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object (an activity)';
  const parsed = incomingActivity.safeParse(body);
  return parsed.success ? undefined : z.prettifyError(parsed.error);
}
