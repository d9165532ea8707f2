import { z } from 'zod';
import type { ConversationMemory } from '../memory';

/** What one conversation remembers about escalation, in `memory.features.escalation`. */
const escalationMemory = z.object({
  /** The user's current case: waiting, in a live chat, or just ended (until rated or left behind). */
  caseId: z.string().optional(),
  /** The user's recent messages (already redacted): the conversation that goes with a new case. */
  recent: z.array(z.object({ text: z.string(), at: z.string() })).default([]),
  /** What the user said their request for a person is about ("… about a double charge"). */
  topic: z.string().optional(),
  /** The confirmation card on screen: only its own "Send to an agent" opens a case. */
  pendingRequest: z.string().optional(),
  /** The last case opened here, to point an old button at it. */
  lastCaseId: z.string().optional(),
});

export type EscalationMemory = z.infer<typeof escalationMemory>;

const KEY = 'escalation';
const RECENT = 10;
const RECENT_LENGTH = 500;

/** The conversation's escalation memory; a stale or foreign shape reads as empty rather than failing the turn. */
export function escalationMemoryOf(memory: ConversationMemory): EscalationMemory {
  const current = memory.features[KEY];
  if (typeof current === 'object' && current !== null && checked.has(current)) return current as EscalationMemory;
  const parsed = escalationMemory.safeParse(current ?? {});
  const value = parsed.success ? parsed.data : { recent: [] };
  checked.add(value);
  memory.features[KEY] = value;
  return value;
}

/** Memories already validated: every caller in a turn then changes the same object. */
const checked = new WeakSet<object>();

export function rememberUserLine(memory: ConversationMemory, text: string, at: Date): void {
  const state = escalationMemoryOf(memory);
  state.recent = [...state.recent, { text: text.slice(0, RECENT_LENGTH), at: at.toISOString() }].slice(-RECENT);
}

export function setCurrentCase(memory: ConversationMemory, caseId: string | undefined): void {
  const state = escalationMemoryOf(memory);
  if (caseId === undefined) delete state.caseId;
  else state.caseId = state.lastCaseId = caseId;
}

/** Searches older than this many of the user's lines are not what a new request is about. */
const RELEVANT_LINES = 3;

/** The question a new case carries: the topic the user named, else their latest search if it is recent. */
export function requestQuestion(memory: ConversationMemory): string | undefined {
  const state = escalationMemoryOf(memory);
  if (state.topic) return state.topic;
  const latest = memory.searches.at(-1);
  if (latest === undefined) return undefined;
  const recentLines = state.recent.slice(-RELEVANT_LINES).map((line) => line.text);
  return recentLines.some((line) => line.startsWith(latest)) ? latest : undefined;
}
