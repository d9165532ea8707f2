import type { EscalationCase } from '../../src/domain/escalation';
import type { CaseRecord } from '../../src/escalation';
import { buttonsOf, findButton, proseOf } from '../support/cards';
import type { RecordedCall, SentActivity } from '../support/connector';
import type { BotHarness, Conversation } from '../support/harness';

/** Helpers for the escalation end-to-end tests: agents, users asking for one, and what reached whom. */

export const tuesday = '2026-12-01T15:00:00Z';
export const saturday = '2026-12-05T15:00:00Z';

/** How many calls the connector has recorded: pass it to `received` to see what came after. */
export function mark(bot: BotHarness): number {
  return bot.connector.calls.length;
}

/** Everything posted to a conversation since `since`, proactive messages included. */
export function received(bot: BotHarness, chat: Conversation, since: number): SentActivity[] {
  return bot.connector.activitiesFor(chat.id, since);
}

/** Activities the bot replaced in place (PUT) since `since`. */
export function updates(bot: BotHarness, since: number): RecordedCall[] {
  return bot.connector.calls.slice(since).filter((call) => call.method === 'PUT');
}

export function caseIdOf(activities: SentActivity[]): string {
  const id = /CASE-\d{6}/.exec(proseOf(activities))?.[0];
  if (!id) throw new Error(`No case id in: ${proseOf(activities)}`);
  return id;
}

/** An agent opens a chat with the bot and goes available. */
export async function availableAgent(bot: BotHarness, userId: 'agent-eve' | 'agent-raj'): Promise<Conversation> {
  const chat = bot.conversation(userId, { userName: userId === 'agent-eve' ? 'Eve Sato' : 'Raj Iyer' });
  const home = await chat.join();
  if (buttonsOf(home).some((b) => b.title === 'Go available')) await chat.click('Go available', home);
  return chat;
}

/** The user presses Contact a support agent and confirms; returns the replies to the confirmation. */
export async function requestAgent(chat: Conversation, note?: string): Promise<SentActivity[]> {
  const confirm = await chat.submit({ verb: 'agent' });
  const send = findButton(confirm, /Send to an agent|Create a ticket/);
  return chat.submit(note === undefined ? send.data : { ...(send.data as object), text: note });
}

export function positionIn(activities: SentActivity[]): number | undefined {
  const match = /number (\d+) in the queue/.exec(proseOf(activities));
  return match ? Number(match[1]) : undefined;
}

export async function storedCase(bot: BotHarness, caseId: string): Promise<EscalationCase> {
  const doc = await bot.app.runtime.store.get<CaseRecord>('cases', caseId);
  if (!doc) throw new Error(`${caseId} is not stored`);
  return doc.value.case;
}

export function acceptData(caseId: string): Record<string, unknown> {
  return { verb: 'escalation', action: 'accept', caseId };
}
