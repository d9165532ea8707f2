import type { Clock } from '../clock';
import type { SupportDirectory } from '../storage/accountRepository';
import {
  accept,
  appendTranscript,
  cancel,
  end,
  formatOpening,
  isOpen,
  keepWaiting,
  nextOpening,
  openCase,
  queuedAt,
  rate,
  release,
  timedOut,
  timeOut,
  toTicket,
  type CaseAgent,
  type CaseContext,
  type CaseRefusal,
  type CaseResult,
  type CaseUser,
  type EscalationCase,
  type TranscriptEntry,
} from '../domain/escalation';
import type { Logger } from '../logger';
import type { Store } from '../storage/ports';
import { transact, type UnitOfWork } from '../storage/unitOfWork';
import { CaseNotFoundError, type CaseRecord, type CaseStore } from './caseStore';
import type { Messenger, QueuePlace } from './notices';
import type { QueueNotices } from './queueNotices';

export interface EscalationSettings {
  /** Minutes a case may wait before the user is offered a ticket. */
  timeoutMinutes: number;
  /** 'external': hand the conversation to an agent hub (Bot Framework handoff) instead of the bot's own agents. */
  handoffTarget: 'agents' | 'external';
}

export interface DeskServices {
  store: Store;
  cases: CaseStore;
  notices: QueueNotices;
  messenger: Messenger;
  support: () => Promise<SupportDirectory>;
  clock: Clock;
  logger: Logger;
  settings: EscalationSettings;
}

export interface CaseRequest {
  user: CaseUser;
  context: CaseContext;
  transcript: TranscriptEntry[];
}

export type Opened =
  | { kind: 'queued'; record: CaseRecord; place: QueuePlace }
  | { kind: 'handoff'; record: CaseRecord }
  | { kind: 'ticket'; record: CaseRecord; why: Unreachable['why']; opening?: string };

/** Why a new case cannot reach an agent now; `opening` is when support opens again. */
export interface Unreachable {
  live: false;
  why: 'out-of-hours' | 'no-agent';
  opening?: string;
}

export type Refusal = CaseRefusal | { ok: false; reason: 'not-found' | 'not-yours' | 'not-in-chat' } | { ok: false; reason: 'busy'; record: CaseRecord };
export type Moved = { ok: true; record: CaseRecord };

/**
 * The support desk: escalation cases from request to rating. Every change goes through the case's state
 * machine inside the caller's unit of work (a turn's, or the desk's own for sweeps), so a case, the agent's
 * desk and the notices to the people on the other side are committed together or not at all. Turn-free:
 * routes call it and tell the person in front of them themselves.
 */
export class EscalationDesk {
  constructor(private readonly s: DeskServices) {}

  /** Whether a new case can reach an agent now; when not, when support opens again (if it is closed). */
  async reachability(now = this.s.clock.now()): Promise<{ live: true } | Unreachable> {
    const { support } = await this.s.support();
    if (!isOpen(support, now)) return { live: false, why: 'out-of-hours', opening: formatOpening(nextOpening(support, now), support.timeZone) };
    if (this.s.settings.handoffTarget === 'external') return { live: true };
    const desks = await this.s.cases.desks();
    return Object.values(desks).some((desk) => desk.available) ? { live: true } : { live: false, why: 'no-agent' };
  }

  /** Opens a case: queued and announced when an agent can take it, otherwise a ticket. */
  async open(unit: UnitOfWork, request: CaseRequest): Promise<Opened> {
    const now = this.s.clock.now();
    const reach = await this.reachability(now);
    const handoff = this.s.settings.handoffTarget;
    const created = await this.s.cases.create(unit, (sequence) => ({
      case: openCase({ sequence, ...request, status: reach.live ? 'queued' : 'ticket' }, now),
      handoff,
      announcements: [],
    }));
    // Counted after the number was taken: every case with a lower number is committed by now.
    const ahead = (await this.s.cases.waiting()).filter((other) => other.case.id < created.case.id).length;
    const record = reach.live && handoff === 'agents' ? { ...created, toldPosition: ahead + 1 } : created;
    this.s.cases.put(unit, record);
    unit.afterCommit(() => this.s.logger.info({ caseId: record.case.id, status: record.case.status, handoff }, 'case opened'));
    if (!reach.live) {
      await this.s.notices.announce(unit, record);
      return { kind: 'ticket', record, why: reach.why, ...(reach.opening ? { opening: reach.opening } : {}) };
    }
    if (handoff === 'external') return { kind: 'handoff', record };
    await this.s.notices.announce(unit, record);
    unit.afterCommit(() => this.s.notices.refreshPositions());
    return { kind: 'queued', record, place: await this.s.notices.placeAfter(record.case.id, ahead + 1) };
  }

  get(caseId: string, unit?: UnitOfWork): Promise<CaseRecord | undefined> {
    return this.s.cases.get(caseId, unit);
  }

  placeOf(caseId: string): Promise<QueuePlace | undefined> {
    return this.s.notices.placeOf(caseId);
  }

  /** The user leaves the queue. */
  cancel(unit: UnitOfWork, caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.close(unit, caseId, userId, (c, now) => cancel(c, now));
  }

  /** A waiting case becomes a ticket (the user chose it after a time-out). */
  toTicket(unit: UnitOfWork, caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.close(unit, caseId, userId, (c, now) => toTicket(c, now));
  }

  keepWaiting(unit: UnitOfWork, caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.move(unit, caseId, (record) => ownedBy(record, userId), (c, now) => keepWaiting(c, now));
  }

  async rate(unit: UnitOfWork, caseId: string, userId: string, answer: { resolved?: boolean; rating?: number }): Promise<Moved | Refusal> {
    const outcome = await this.move(unit, caseId, (record) => ownedBy(record, userId), (c) => rate(c, answer));
    if (outcome.ok) unit.afterCommit(() => this.s.logger.info({ caseId, ...answer }, 'case rated'));
    return outcome;
  }

  /** The email a ticket's reply goes to, for a user the bot could not identify. */
  setEmail(unit: UnitOfWork, caseId: string, userId: string, email: string): Promise<Moved | Refusal> {
    return this.move(unit, caseId, (record) => ownedBy(record, userId), (c) => ({ ok: true, case: { ...c, user: { ...c.user, email } } }));
  }

  /** Adds the user's message to a waiting case, so the agent who takes it reads it too. */
  async noteWhileWaiting(unit: UnitOfWork, caseId: string, name: string | undefined, text: string): Promise<void> {
    await this.move(unit, caseId, () => undefined, (c, now) => appendTranscript(c, { from: 'user', ...nameOf(name), text }, now));
  }

  /** A user's message in a live chat: into the transcript and on its way to the agent. False when there is nobody to reach. */
  async relayFromUser(unit: UnitOfWork, caseId: string, text: string): Promise<boolean> {
    const outcome = await this.move(unit, caseId, () => undefined, (c, now) =>
      c.status === 'accepted'
        ? appendTranscript(c, { from: 'user', ...nameOf(c.user.name), text }, now)
        : { ok: false, reason: 'not-allowed', action: 'appendTranscript', status: c.status },
    );
    if (!outcome.ok) return false;
    this.logRelay(unit, outcome.record, 'user');
    if (outcome.record.handoff === 'external') return true;
    const agentChat = outcome.record.agentConversationKey;
    if (!agentChat) return false;
    this.s.messenger.send(unit, agentChat, { kind: 'from-user', userName: outcome.record.case.user.name ?? 'User', text });
    return true;
  }

  /** The user ends a live chat; the agent is told. */
  async endByUser(unit: UnitOfWork, caseId: string, userId: string): Promise<Moved | Refusal> {
    const outcome = await this.close(unit, caseId, userId, (c, now) => endWithLine(c, userId, `${c.user.name ?? 'The user'} ended the chat`, now));
    if (outcome.ok && outcome.record.agentConversationKey) {
      const { case: c } = outcome.record;
      this.s.messenger.send(unit, outcome.record.agentConversationKey, { kind: 'ended-by-user', caseId: c.id, userName: c.user.name ?? 'The user' });
    }
    return outcome;
  }

  /** Cases waiting or in a live chat, first come first served. */
  openCases(): Promise<CaseRecord[]> {
    return this.s.cases.openRecords();
  }

  /** The agent's case in a live chat, if they hold one. */
  activeCaseOf(agentId: string): Promise<CaseRecord | undefined> {
    return this.s.cases.heldBy(agentId);
  }

  async waitingCases(): Promise<EscalationCase[]> {
    return (await this.s.cases.waiting()).map((record) => record.case);
  }

  /**
   * Exactly one agent gets the case, and an agent holds one case at a time: the case and the agent's desk are
   * written on the versions read (and on PostgreSQL a unique index stands behind it), so of two presses
   * only one commits and the other's turn runs again, to be refused with who has the case.
   */
  async accept(unit: UnitOfWork, caseId: string, agent: CaseAgent, conversationKey: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agent.id);
    if (holding && holding.case.id !== caseId) return { ok: false, reason: 'busy', record: holding };
    await this.s.cases.updateDesk(unit, agent.id, (desk) => ({ ...desk }));
    const outcome = await this.move(
      unit,
      caseId,
      () => undefined,
      (c, now) => withLine(accept(c, agent, now), `${agent.name} joined the chat`, now),
      (record) => ({ ...record, agentConversationKey: conversationKey }),
    );
    if (!outcome.ok) return outcome;
    const c = outcome.record.case;
    unit.afterCommit(() => this.s.logger.info({ caseId: c.id, agentId: agent.id }, 'case accepted'));
    if (c.history.filter((change) => change.status === 'accepted').length === 1) {
      await this.s.cases.recordWait(unit, this.s.clock.now().getTime() - queuedAt(c).getTime());
    }
    this.s.messenger.send(unit, c.user.conversationKey, { kind: 'agent-joined', caseId: c.id, agentName: agent.name });
    this.s.notices.updateAnnouncements(unit, outcome.record);
    unit.afterCommit(() => this.s.notices.refreshPositions());
    return outcome;
  }

  async release(unit: UnitOfWork, agentId: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agentId);
    if (!holding) return { ok: false, reason: 'not-in-chat' };
    const agentName = holding.case.agent?.name ?? 'The agent';
    await this.s.cases.updateDesk(unit, agentId, (desk) => ({ ...desk }));
    const outcome = await this.move(
      unit,
      holding.case.id,
      () => undefined,
      (c, now) => chain(appendTranscript(c, { from: 'bot', text: `${agentName} left the chat` }, now), (next) => release(next, agentId, now)),
      ({ agentConversationKey: _gone, toldPosition: _told, ...record }) => record,
    );
    if (!outcome.ok) return outcome;
    unit.afterCommit(() => this.s.logger.info({ caseId: holding.case.id, agentId }, 'case released'));
    const position = (await this.s.cases.waiting()).filter((record) => queuedAt(record.case) < queuedAt(outcome.record.case)).length + 1;
    const told = { ...outcome.record, toldPosition: position };
    this.s.cases.put(unit, told);
    this.s.messenger.send(unit, told.case.user.conversationKey, { kind: 'agent-left', agentName, place: await this.s.notices.placeAfter(told.case.id, position) });
    this.s.notices.updateAnnouncements(unit, told);
    unit.afterCommit(() => this.s.notices.refreshPositions());
    return { ok: true, record: told };
  }

  /** The agent ends the chat; the user is asked whether it was resolved. */
  async endByAgent(unit: UnitOfWork, agentId: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agentId);
    if (!holding) return { ok: false, reason: 'not-in-chat' };
    const agentName = holding.case.agent?.name ?? 'The agent';
    const outcome = await this.close(unit, holding.case.id, undefined, (c, now) => endWithLine(c, agentId, `${agentName} ended the chat`, now));
    if (outcome.ok) this.s.messenger.send(unit, outcome.record.case.user.conversationKey, { kind: 'chat-ended', caseId: holding.case.id, agentName });
    return outcome;
  }

  /** An agent's message in a live chat: into the transcript and on its way to the user with the agent's name. */
  async relayFromAgent(unit: UnitOfWork, record: CaseRecord, agent: CaseAgent, text: string): Promise<boolean> {
    const outcome = await this.move(unit, record.case.id, () => undefined, (c, now) =>
      c.status === 'accepted' && c.agent?.id === agent.id
        ? appendTranscript(c, { from: 'agent', name: agent.name, text }, now)
        : { ok: false, reason: 'not-participant', actorId: agent.id },
    );
    if (!outcome.ok) return false;
    this.logRelay(unit, outcome.record, 'agent');
    this.s.messenger.send(unit, outcome.record.case.user.conversationKey, { kind: 'from-agent', agentName: agent.name, text });
    return true;
  }

  /** Message text only at debug level, and only as the transcript holds it: redacted. */
  private logRelay(unit: UnitOfWork, record: CaseRecord, from: 'user' | 'agent'): void {
    unit.afterCommit(() => this.s.logger.debug({ caseId: record.case.id, from, text: record.case.transcript.at(-1)?.text }, 'relayed'));
  }

  /** Offers a ticket to every user who waited longer than the time-out; each case in a commit of its own. */
  async sweep(now = this.s.clock.now()): Promise<string[]> {
    const minutes = this.s.settings.timeoutMinutes;
    const due = (await this.openCases()).filter((record) => record.handoff === 'agents' && timedOut(record.case, now, minutes));
    const offered: string[] = [];
    for (const record of due) {
      const moved = await transact(this.s.store, async (unit) => {
        const outcome = await this.move(unit, record.case.id, () => undefined, (c) => timeOut(c, now));
        if (outcome.ok) this.s.messenger.send(unit, record.case.user.conversationKey, { kind: 'timeout-offer', caseId: record.case.id, minutes, ...emailOf(record.case) });
        return outcome.ok;
      });
      if (!moved) continue;
      offered.push(record.case.id);
      this.s.logger.info({ caseId: record.case.id }, 'case timed out');
    }
    await this.s.notices.refreshPositions();
    return offered;
  }

  /** A transition that takes the case out of the queue (or ends it): the agent's desk, the cards and the queue follow. */
  async close(unit: UnitOfWork, caseId: string, userId: string | undefined, step: (c: EscalationCase, now: Date) => CaseResult): Promise<Moved | Refusal> {
    const outcome = await this.move(unit, caseId, (record) => (userId === undefined ? undefined : ownedBy(record, userId)), step);
    if (!outcome.ok) return outcome;
    const holder = outcome.record.case.agent?.id;
    if (holder) await this.s.cases.updateDesk(unit, holder, (desk) => ({ ...desk }));
    unit.afterCommit(() => this.s.logger.info({ caseId, status: outcome.record.case.status }, 'case closed'));
    // The chat where the case was just held gets its closing line, not the case card again.
    const elsewhere = outcome.record.announcements.filter((ref) => ref.conversationKey !== outcome.record.agentConversationKey);
    this.s.notices.updateAnnouncements(unit, outcome.record, elsewhere);
    unit.afterCommit(() => this.s.notices.refreshPositions());
    return outcome;
  }

  /** Applies one transition to the case in the unit; `check` may refuse first, `adjust` changes the record around it. */
  async move(
    unit: UnitOfWork,
    caseId: string,
    check: (record: CaseRecord) => Refusal | undefined,
    step: (c: EscalationCase, now: Date) => CaseResult,
    adjust: (record: CaseRecord) => CaseRecord = (record) => record,
  ): Promise<Moved | Refusal> {
    const record = await this.s.cases.get(caseId, unit);
    if (!record) return { ok: false, reason: 'not-found' };
    const refusal = check(record);
    if (refusal) return refusal;
    const result = step(record.case, this.s.clock.now());
    if (!result.ok) return result;
    const next = adjust({ ...record, case: result.case });
    this.s.cases.put(unit, next);
    return { ok: true, record: next };
  }
}

export { CaseNotFoundError };

function ownedBy(record: CaseRecord, userId: string): Refusal | undefined {
  return record.case.user.id === userId ? undefined : { ok: false, reason: 'not-yours' };
}

function nameOf(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

function emailOf(c: EscalationCase): { email?: string } {
  return c.user.email ? { email: c.user.email } : {};
}

function chain(first: CaseResult, then: (c: EscalationCase) => CaseResult): CaseResult {
  return first.ok ? then(first.case) : first;
}

/** A transition followed by a bot line in the transcript ("Eve Sato joined the chat"). */
export function withLine(result: CaseResult, line: string, now: Date): CaseResult {
  return chain(result, (c) => appendTranscript(c, { from: 'bot', text: line }, now));
}

export function endWithLine(c: EscalationCase, by: string, line: string, now: Date): CaseResult {
  return chain(appendTranscript(c, { from: 'bot', text: line }, now), (next) => end(next, by, now));
}
