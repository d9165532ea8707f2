import { z } from 'zod';
import { caseId, escalationCase, isClosed, isWaiting } from '../domain/escalation';
import { recentWaitSamples } from '../domain/escalation/queue';
import { update, type DocumentStore } from './ports';

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

/**
 * The case counter, the open cases (waiting or in a live chat) in the order they were opened, and recent
 * waits. One document: a new case's number and its place in the queue are taken in the same atomic write.
 */
const queueDocument = z.strictObject({
  sequence: z.number().int().nonnegative(),
  open: z.array(z.string()),
  waitsMs: z.array(z.number().nonnegative()),
});
type QueueDocument = z.infer<typeof queueDocument>;

const desksDocument = z.record(z.string(), agentDesk);
type DesksDocument = z.infer<typeof desksDocument>;

const QUEUE_ID = 'escalation-queue';
const DESKS_ID = 'agent-desks';

export class CaseNotFoundError extends Error {
  override readonly name = 'CaseNotFoundError';
  constructor(readonly caseId: string) {
    super(`There is no case ${caseId}: check the id, or open a new case.`);
  }
}

/** What a change decides: the record to write (none: leave it) and what to tell the caller. */
export interface Decision<R> {
  next?: CaseRecord;
  result: R;
}

/** Cases, the queue and agents' desks through the storage port; every change is a conditional write. */
export class CaseRepository {
  constructor(private readonly store: DocumentStore) {}

  /** Takes the next case number, puts it at the end of the queue and stores the case `build` makes with it. */
  async create(build: (sequence: number) => CaseRecord): Promise<CaseRecord> {
    let sequence = 0;
    await update<QueueDocument>(this.store, 'meta', QUEUE_ID, (raw) => {
      const queue = parseQueue(raw);
      sequence = queue.sequence + 1;
      return { ...queue, sequence, open: [...queue.open, caseId(sequence)] };
    });
    const record = caseRecord.parse(build(sequence));
    await this.store.put('cases', record.case.id, record, { expectedVersion: 'absent' });
    if (isClosed(record.case)) await this.removeFromOpen(record.case.id);
    return record;
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const doc = await this.store.get<unknown>('cases', id);
    return doc ? caseRecord.parse(doc.value) : undefined;
  }

  /**
   * Reads the case, lets `decide` choose, and writes only if nobody wrote in between (expected version);
   * otherwise reads again and decides again. This is what makes Accept exactly-once: the second agent's
   * decision is taken on the case as the first one left it.
   */
  async change<R>(id: string, decide: (record: CaseRecord) => Decision<R>): Promise<R> {
    let result: R | undefined;
    await update<unknown>(this.store, 'cases', id, (raw) => {
      if (raw === undefined) throw new CaseNotFoundError(id);
      const decision = decide(caseRecord.parse(raw));
      result = decision.result;
      return decision.next;
    });
    return result as R;
  }

  /** Open cases in queue order; closed ones found on the way are dropped from the queue. */
  async openRecords(): Promise<CaseRecord[]> {
    const ids = (await this.queue()).open;
    const records = await Promise.all(ids.map((id) => this.get(id)));
    const present = records.filter((record): record is CaseRecord => record !== undefined);
    const closed = present.filter((record) => isClosed(record.case)).map((record) => record.case.id);
    if (closed.length > 0) await this.removeFromOpen(...closed);
    return present.filter((record) => !isClosed(record.case));
  }

  /**
   * Waiting case ids, first come first served. A number taken whose case is not stored yet is a case being
   * opened right now: it counts as waiting, so two users queueing at once are told different positions.
   */
  async waitingIds(): Promise<string[]> {
    const ids = (await this.queue()).open;
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return ids.filter((_id, index) => {
      const record = records[index];
      return record === undefined || isWaiting(record.case);
    });
  }

  async removeFromOpen(...ids: string[]): Promise<void> {
    await update<QueueDocument>(this.store, 'meta', QUEUE_ID, (raw) => {
      const queue = parseQueue(raw);
      const open = queue.open.filter((id) => !ids.includes(id));
      return open.length === queue.open.length ? undefined : { ...queue, open };
    });
  }

  /** Keeps the most recent waits from queueing to acceptance, for the wait estimate. */
  async recordWait(waitMs: number): Promise<void> {
    await update<QueueDocument>(this.store, 'meta', QUEUE_ID, (raw) => {
      const queue = parseQueue(raw);
      return { ...queue, waitsMs: [...queue.waitsMs, Math.max(0, waitMs)].slice(-recentWaitSamples) };
    });
  }

  async waitSamples(): Promise<number[]> {
    return (await this.queue()).waitsMs;
  }

  async desks(): Promise<DesksDocument> {
    return desksDocument.parse((await this.store.get<unknown>('meta', DESKS_ID))?.value ?? {});
  }

  /** Changes one agent's desk; `change` returns undefined to leave it as it is. */
  async updateDesk(agentId: string, change: (desk: AgentDesk) => AgentDesk | undefined): Promise<AgentDesk> {
    let result: AgentDesk = { available: false };
    await update<unknown>(this.store, 'meta', DESKS_ID, (raw) => {
      const desks = desksDocument.parse(raw ?? {});
      const current = desks[agentId] ?? { available: false };
      const next = change(current);
      result = next ?? current;
      return next === undefined ? undefined : { ...desks, [agentId]: next };
    });
    return result;
  }

  private async queue(): Promise<QueueDocument> {
    return parseQueue((await this.store.get<unknown>('meta', QUEUE_ID))?.value);
  }
}

function parseQueue(raw: unknown): QueueDocument {
  return raw === undefined ? { sequence: 0, open: [], waitsMs: [] } : queueDocument.parse(raw);
}
