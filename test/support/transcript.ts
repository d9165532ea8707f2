import type { Activity } from 'botbuilder';
import type { DialogTestClient } from 'botbuilder-testing';
import { buttonsOf, proseOf } from './cards';
import type { SentActivity } from './connector';

/** What a user sends in a transcript: text, or a card button's payload. */
export type Input = string | { value: unknown };

/** Sends a message (text or a card payload) and collects every reply of that turn. */
export async function turn(chat: DialogTestClient, input: Input): Promise<SentActivity[]> {
  const activity: Partial<Activity> = typeof input === 'string' ? { type: 'message', text: input } : { type: 'message', value: input.value };
  const replies: SentActivity[] = [];
  let reply = await chat.sendActivity(activity);
  while (reply) {
    replies.push(reply as unknown as SentActivity);
    reply = chat.getNextReply();
  }
  return replies;
}

/** A turn's replies as one text: the prose, then the buttons as [Title] [Title]. */
export const read = (replies: SentActivity[]): string => `${proseOf(replies)}\n[${buttonsOf(replies).map((b) => b.title).join('] [')}]`;
