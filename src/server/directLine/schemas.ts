import { z } from 'zod';

/** The longest message text the endpoint accepts; the bot reads less than this anyway. */
export const MAX_TEXT = 4000;

/** The largest activity a client may post, as JSON: a full-length message with room to spare, never a payload. */
export const MAX_CLIENT_ACTIVITY_BYTES = 32 * 1024;

/** Body of POST /v3/directline/tokens/generate: a demo user id, or nothing for an anonymous visitor. */
export const generateTokenBody = z.object({ user: z.string().min(1).max(100).optional() });

/**
 * What a client may say in an activity. Everything about who sends it and where (from, conversation,
 * recipient, channelId, serviceUrl) is ignored: the endpoint fills those in from the token.
 */
export const clientActivity = z.looseObject({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(MAX_TEXT).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  value: z.unknown().optional(),
  name: z.string().max(100).optional(),
  locale: z.string().max(20).optional(),
  channelData: z
    .looseObject({
      clientActivityID: z.string().max(100).optional(),
      clientTimestamp: z.string().max(40).optional(),
      postBack: z.boolean().optional(),
    })
    .optional(),
});

export type ClientActivity = z.infer<typeof clientActivity>;

/** An activity the bot posts back through the connector API; the adapter fills in the rest. */
export const botActivity = z.looseObject({
  type: z.string().min(1).max(50),
  from: z.looseObject({ id: z.string() }).optional(),
});
