import { z } from 'zod';
import type { ConversationMemory } from '../memory';

/** What one conversation remembers about escalation, in `memory.features.escalation`. */
const escalationMemory = z.object({
  /** The user's current case: waiting, in a live chat, or just ended (until rated or left behind). */
  caseId: z.string().optional(),
  /** The user's recent messages (already redacted): the conversation that goes with a new case. */
  recent: z.array(z.object({ text: z.string(), at: z.string() })).default([]),
});

export type EscalationMemory = z.infer<typeof escalationMemory>;

const KEY = 'escalation';
const RECENT = 10;
const RECENT_LENGTH = 500;

/** The conversation's escalation memory; a stale or foreign shape reads as empty rather than failing the turn. */
export function escalationMemoryOf(memory: ConversationMemory): EscalationMemory {
  const parsed = escalationMemory.safeParse(memory.features[KEY] ?? {});
  const value = parsed.success ? parsed.data : { recent: [] };
  memory.features[KEY] = value;
  return value;
}

export function rememberUserLine(memory: ConversationMemory, text: string, at: Date): void {
  const state = escalationMemoryOf(memory);
  state.recent = [...state.recent, { text: text.slice(0, RECENT_LENGTH), at: at.toISOString() }].slice(-RECENT);
}

export function setCurrentCase(memory: ConversationMemory, caseId: string | undefined): void {
  const state = escalationMemoryOf(memory);
  if (caseId === undefined) delete state.caseId;
  else state.caseId = caseId;
}
