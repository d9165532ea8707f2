import { z } from 'zod';

/** No control characters (they would forge log lines or terminal output), and a bound on length. */
const identifier = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

const account = z.looseObject({ id: identifier(1024), name: z.string().max(1024).optional() });

/**
 * The least an incoming activity needs before it is handed to the adapter, and every field that reaches a
 * log line (type, channelId, conversation.id, locale) in a shape safe to log; the rest is the adapter's business.
 */
export const incomingActivity = z
  .looseObject({
    type: z.string().regex(/^[A-Za-z]{1,64}$/, 'must be an activity type such as "message"'),
    id: identifier(1024).optional(),
    channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a channel id such as "msteams" or "emulator"'),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    conversation: account,
    from: account.optional(),
    recipient: account.optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z0-9_-]{0,35}$/, 'must be a language tag such as "en-US"')
      .optional(),
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
