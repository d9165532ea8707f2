import { z } from 'zod';
import { caseId, escalationCase, isClosed, isWaiting, recentWaitSamples, waitingCases } from '../domain/escalation';
import type { Store, Tags } from '../storage/ports';
import type { UnitOfWork } from '../storage/unitOfWork';

/** Where one announcement card of a case was posted, so it can be updated in place. */
export const announcementRef = z.strictObject({ conversationKey: z.string().min(1), activityId: z.string().min(1) });

/** A case as stored: the domain case plus what the bot needs to reach the people around it. */
export const caseRecord = z.strictObject({
  case: escalationCase,
  /** 'external': handed to an agent hub with the Bot Framework handoff protocol. */
  handoff: z.enum(['agents', 'external']),
  announcements: z.array(announcementRef),
  /** Where the holding agent chats: their personal chat, or the conversation they accepted in. */
  agentConversationKey: z.string().min(1).optional(),
  /** The queue position the user was last told, so only changes are announced. */
  toldPosition: z.number().int().positive().optional(),
});

export type CaseRecord = z.infer<typeof caseRecord>;
export type AnnouncementRef = z.infer<typeof announcementRef>;

/** One agent's desk: whether they take new cases, and where their personal chat with the bot is. */
export const agentDesk = z.strictObject({
  available: z.boolean(),
  conversationKey: z.string().min(1).optional(),
});
export type AgentDesk = z.infer<typeof agentDesk>;

const waits = z.array(z.number().nonnegative());
const WAITS_ID = 'escalation-waits';

export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`There is no case ${caseId}: check the id, or open a new case.`);
  }
}

/**
 * What `find` looks cases up by: open cases, waiting ones, the agent holding one (a unique index on
 * PostgreSQL: one active case per agent), and the user's conversation.
 */
export function caseTags(record: CaseRecord): Tags {
  const c = record.case;
  if (isClosed(c)) return {};
  return {
    open: 'yes',
    conversation: c.user.conversationKey,
    ...(isWaiting(c) ? { waiting: 'yes' } : {}),
    ...(c.status === 'accepted' && c.agent ? { holder: c.agent.id } : {}),
  };
}

/**
 * Cases and agents' desks in storage. Changes go through the caller's unit of work, so a case, the desk it
 * affects and the messages about it are written together; lookups of the queue go by tags.
 */
export class CaseStore {
  constructor(private readonly store: Store) {}

  /** Takes the next case number (gap-free, in the same commit) and inserts the case `build` makes with it. */
  async create(unit: UnitOfWork, build: (sequence: number) => CaseRecord): Promise<CaseRecord> {
    const sequence = await unit.next('case');
    const record = caseRecord.parse(build(sequence));
    if (record.case.id !== caseId(sequence)) throw new Error(`A new case must take id ${caseId(sequence)}.`);
    unit.insert('cases', record.case.id, record, caseTags(record));
    return record;
  }

  async get(id: string, unit?: UnitOfWork): Promise<CaseRecord | undefined> {
    const raw = unit ? await unit.get<unknown>('cases', id) : (await this.store.get<unknown>('cases', id))?.value;
    return raw === undefined ? undefined : caseRecord.parse(raw);
  }

  /** Writes the changed case in the unit, with its tags brought up to date. */
  put(unit: UnitOfWork, record: CaseRecord): void {
    unit.put('cases', record.case.id, caseRecord.parse(record), caseTags(record));
  }

  /** Open cases (waiting or in a live chat), in the order they were opened. */
  async openRecords(): Promise<CaseRecord[]> {
    return (await this.store.find<unknown>('cases', { open: 'yes' })).map((doc) => caseRecord.parse(doc.value));
  }

  /** Waiting cases, first come first served. */
  async waiting(): Promise<CaseRecord[]> {
    const records = (await this.store.find<unknown>('cases', { waiting: 'yes' })).map((doc) => caseRecord.parse(doc.value));
    const order = waitingCases(records.map((record) => record.case)).map((c) => c.id);
    return order.map((id) => records.find((record) => record.case.id === id)!);
  }

  async heldBy(agentId: string): Promise<CaseRecord | undefined> {
    const [doc] = await this.store.find<unknown>('cases', { holder: agentId }, 1);
    return doc ? caseRecord.parse(doc.value) : undefined;
  }

  async openInConversation(conversationKey: string): Promise<CaseRecord[]> {
    return (await this.store.find<unknown>('cases', { open: 'yes', conversation: conversationKey })).map((doc) => caseRecord.parse(doc.value));
  }

  /** Keeps the most recent waits from queueing to acceptance, for the wait estimate. */
  async recordWait(unit: UnitOfWork, waitMs: number): Promise<void> {
    await unit.update<number[]>('meta', WAITS_ID, (current) => [...(current ?? []), Math.max(0, waitMs)].slice(-recentWaitSamples));
  }

  async waitSamples(): Promise<number[]> {
    return waits.parse((await this.store.get<unknown>('meta', WAITS_ID))?.value ?? []);
  }

  async desks(): Promise<Record<string, AgentDesk>> {
    return Object.fromEntries((await this.store.list<unknown>('desks')).map((doc) => [doc.id, agentDesk.parse(doc.value)]));
  }

  async desk(agentId: string, unit?: UnitOfWork): Promise<AgentDesk> {
    const raw = unit ? await unit.get<unknown>('desks', agentId) : (await this.store.get<unknown>('desks', agentId))?.value;
    return raw === undefined ? { available: false } : agentDesk.parse(raw);
  }

  /** Changes one agent's desk in the unit; `change` returns undefined to leave it as it is. */
  async updateDesk(unit: UnitOfWork, agentId: string, change: (desk: AgentDesk) => AgentDesk | undefined): Promise<AgentDesk> {
    const current = await this.desk(agentId, unit);
    const next = change(current);
    if (next === undefined) return current;
    unit.put('desks', agentId, agentDesk.parse(next));
    return next;
  }
}
