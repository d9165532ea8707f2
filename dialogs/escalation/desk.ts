import type { Clock } from '../../src/clock';
import {
  accept,
  appendTranscript,
  cancel,
  end,
  formatOpening,
  isOpen,
  isWaiting,
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
} from '../../src/domain/escalation';
import type { Notifier } from '../../src/bot/notifier';
import type { Logger } from '../../src/logger';
import type { AccountRepository } from '../../src/storage/accountRepository';
import { CaseNotFoundError, type CaseRecord, type CaseRepository } from '../../src/storage/caseRepository';
import type { AgentViews } from './agentViews';
import type { QueueNotices } from './notices';
import type { CustomerViews, QueuePlace } from './views';

export interface EscalationSettings {
  /** Minutes a case may wait before the user is offered a ticket. */
  timeoutMinutes: number;
  /** 'external': hand the conversation to an agent hub (Bot Framework handoff) instead of the bot's own agents. */
  handoffTarget: 'agents' | 'external';
}

export interface DeskServices {
  cases: CaseRepository;
  notices: QueueNotices;
  notifier: Notifier;
  accounts: AccountRepository;
  clock: Clock;
  customer: CustomerViews;
  agent: AgentViews;
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
  | { kind: 'ticket'; record: CaseRecord; opening?: string };

export type Refusal = CaseRefusal | { ok: false; reason: 'not-found' | 'not-yours' | 'not-in-chat' } | { ok: false; reason: 'busy'; record: CaseRecord };
export type Moved = { ok: true; record: CaseRecord };

/**
 * Escalation cases from request to rating: every change goes through the case's state machine and a
 * conditional write, and the people on the other side are told proactively. Turn-free: routes call it and
 * tell the person in front of them themselves.
 */
export class EscalationDesk {
  constructor(private readonly s: DeskServices) {}

  /** Whether a new case can reach an agent now; when not, when support opens again (if it is closed). */
  async reachability(now = this.s.clock.now()): Promise<{ live: true } | { live: false; opening?: string }> {
    const { support } = await this.s.accounts.supportDirectory();
    if (!isOpen(support, now)) return { live: false, opening: formatOpening(nextOpening(support, now), support.timeZone) };
    if (this.s.settings.handoffTarget === 'external') return { live: true };
    const desks = await this.s.cases.desks();
    return Object.values(desks).some((desk) => desk.available) ? { live: true } : { live: false };
  }

  /** Opens a case: queued and announced when an agent can take it, otherwise a ticket. */
  async open(request: CaseRequest): Promise<Opened> {
    const now = this.s.clock.now();
    const reach = await this.reachability(now);
    const handoff = this.s.settings.handoffTarget;
    const record = await this.s.cases.create((sequence) => ({
      case: openCase({ sequence, ...request, status: reach.live ? 'queued' : 'ticket' }, now),
      handoff,
      announcements: [],
    }));
    this.s.logger.info({ caseId: record.case.id, status: record.case.status, handoff }, 'case opened');
    if (!reach.live) {
      await this.s.notices.announce(record);
      return { kind: 'ticket', record, ...(reach.opening ? { opening: reach.opening } : {}) };
    }
    if (handoff === 'external') return { kind: 'handoff', record };
    const place = await this.s.notices.claimTold((await this.s.notices.placeOf(record.case.id)) ?? { caseId: record.case.id, position: 1 });
    await this.s.notices.announce(record);
    return { kind: 'queued', record, place };
  }

  get(caseId: string): Promise<CaseRecord | undefined> {
    return this.s.cases.get(caseId);
  }

  placeOf(caseId: string): Promise<QueuePlace | undefined> {
    return this.s.notices.placeOf(caseId);
  }

  /** The user leaves the queue. */
  async cancel(caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.close(caseId, userId, (c, now) => cancel(c, now));
  }

  /** A waiting case becomes a ticket (the user chose it after a time-out). */
  async toTicket(caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.close(caseId, userId, (c, now) => toTicket(c, now));
  }

  async keepWaiting(caseId: string, userId: string): Promise<Moved | Refusal> {
    return this.move(caseId, (record) => ownedBy(record, userId), (c, now) => keepWaiting(c, now));
  }

  async rate(caseId: string, userId: string, answer: { resolved?: boolean; rating?: number }): Promise<Moved | Refusal> {
    const outcome = await this.move(caseId, (record) => ownedBy(record, userId), (c) => rate(c, answer));
    if (outcome.ok) this.s.logger.info({ caseId, ...answer }, 'case rated');
    return outcome;
  }

  /** The email a ticket's reply goes to, for a user the bot could not identify. */
  async setEmail(caseId: string, userId: string, email: string): Promise<Moved | Refusal> {
    return this.move(caseId, (record) => ownedBy(record, userId), (c) => ({ ok: true, case: { ...c, user: { ...c.user, email } } }));
  }

  /** Adds the user's message to a waiting case, so the agent who takes it reads it too. */
  async noteWhileWaiting(caseId: string, name: string | undefined, text: string): Promise<void> {
    await this.move(caseId, () => undefined, (c, now) => appendTranscript(c, { from: 'user', ...(name ? { name } : {}), text }, now));
  }

  /** A user's message in a live chat: into the transcript, then to the agent. False when it could not be delivered. */
  async relayFromUser(caseId: string, text: string): Promise<boolean> {
    const outcome = await this.move(caseId, () => undefined, (c, now) =>
      c.status === 'accepted' ? appendTranscript(c, { from: 'user', ...nameOf(c.user.name), text }, now) : { ok: false, reason: 'not-allowed', action: 'appendTranscript', status: c.status },
    );
    if (!outcome.ok) return false;
    this.logRelay(outcome.record, 'user');
    if (outcome.record.handoff === 'external' || !outcome.record.agentConversationKey) return outcome.record.handoff === 'external';
    const name = outcome.record.case.user.name ?? 'User';
    return (await this.s.notifier.trySend(outcome.record.agentConversationKey, this.s.agent.fromUser(name, text))) !== undefined;
  }

  /** The user ends a live chat; the agent is told. */
  async endByUser(caseId: string, userId: string): Promise<Moved | Refusal> {
    const outcome = await this.close(caseId, userId, (c, now) => endWithLine(c, userId, `${c.user.name ?? 'The user'} ended the chat`, now));
    if (outcome.ok && outcome.record.agentConversationKey) {
      const { case: c } = outcome.record;
      await this.s.notifier.trySend(outcome.record.agentConversationKey, this.s.agent.ended(c.id, c.user.name ?? 'The user', 'user'));
    }
    return outcome;
  }

  /** Cases waiting or in a live chat, first come first served. */
  openCases(): Promise<CaseRecord[]> {
    return this.s.cases.openRecords();
  }

  /** The agent's case in a live chat, if they hold one. */
  async activeCaseOf(agentId: string): Promise<CaseRecord | undefined> {
    return (await this.openCases()).find((record) => record.case.status === 'accepted' && record.case.agent?.id === agentId);
  }

  async waitingCases(): Promise<EscalationCase[]> {
    return (await this.openCases()).map((record) => record.case).filter(isWaiting);
  }

  /**
   * Exactly one agent gets the case: the write is conditional on the version read, and a loser's decision is
   * taken again on the case as the winner left it, which refuses with who has it.
   */
  async accept(caseId: string, agent: CaseAgent, conversationKey: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agent.id);
    if (holding) return { ok: false, reason: 'busy', record: holding };
    const outcome = await this.move(
      caseId,
      () => undefined,
      (c, now) => withLine(accept(c, agent, now), `${agent.name} joined the chat`, now),
      (record) => ({ ...record, agentConversationKey: conversationKey }),
    );
    if (!outcome.ok) return outcome;
    await this.afterAccept(outcome.record, agent);
    return outcome;
  }

  async release(agentId: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agentId);
    if (!holding) return { ok: false, reason: 'not-in-chat' };
    const agentName = holding.case.agent?.name ?? 'The agent';
    const outcome = await this.move(
      holding.case.id,
      () => undefined,
      (c, now) => chain(appendTranscript(c, { from: 'bot', text: `${agentName} left the chat` }, now), (next) => release(next, agentId, now)),
      ({ agentConversationKey: _gone, toldPosition: _told, ...record }) => record,
    );
    if (!outcome.ok) return outcome;
    this.s.logger.info({ caseId: holding.case.id, agentId }, 'case released');
    const place = await this.s.notices.claimTold((await this.placeOf(holding.case.id)) ?? { caseId: holding.case.id, position: 1 });
    await Promise.all([
      this.s.notifier.trySend(outcome.record.case.user.conversationKey, this.s.customer.agentLeft(agentName, place)),
      this.s.notices.updateAnnouncements(outcome.record),
      this.s.notices.refreshPositions(),
    ]);
    return outcome;
  }

  /** The agent ends the chat; the user is asked whether it was resolved. */
  async endByAgent(agentId: string): Promise<Moved | Refusal> {
    const holding = await this.activeCaseOf(agentId);
    if (!holding) return { ok: false, reason: 'not-in-chat' };
    const agentName = holding.case.agent?.name ?? 'The agent';
    const outcome = await this.close(holding.case.id, undefined, (c, now) => endWithLine(c, agentId, `${agentName} ended the chat`, now));
    if (outcome.ok) await this.s.notifier.trySend(outcome.record.case.user.conversationKey, ...this.s.customer.ended(holding.case.id, agentName));
    return outcome;
  }

  /** An agent's message in a live chat: into the transcript, then to the user with the agent's name. */
  async relayFromAgent(record: CaseRecord, agent: CaseAgent, text: string): Promise<boolean> {
    const outcome = await this.move(record.case.id, () => undefined, (c, now) =>
      c.status === 'accepted' && c.agent?.id === agent.id
        ? appendTranscript(c, { from: 'agent', name: agent.name, text }, now)
        : { ok: false, reason: 'not-participant', actorId: agent.id },
    );
    if (!outcome.ok) return false;
    this.logRelay(outcome.record, 'agent');
    return (await this.s.notifier.trySend(outcome.record.case.user.conversationKey, this.s.customer.fromAgent(agent.name, text))) !== undefined;
  }

  /** Message text only at debug level, and only as the transcript holds it: redacted. */
  private logRelay(record: CaseRecord, from: 'user' | 'agent'): void {
    this.s.logger.debug({ caseId: record.case.id, from, text: record.case.transcript.at(-1)?.text }, 'relayed');
  }

  /** Offers a ticket to every user who waited longer than the time-out; run periodically and by tests. */
  async sweep(now = this.s.clock.now()): Promise<string[]> {
    const minutes = this.s.settings.timeoutMinutes;
    const due = (await this.openCases()).filter((record) => record.handoff === 'agents' && timedOut(record.case, now, minutes));
    const offered: string[] = [];
    for (const record of due) {
      const outcome = await this.move(record.case.id, () => undefined, (c) => timeOut(c, now));
      if (!outcome.ok) continue;
      offered.push(record.case.id);
      this.s.logger.info({ caseId: record.case.id }, 'case timed out');
      await this.s.notifier.trySend(record.case.user.conversationKey, this.s.customer.timeoutOffer(record.case.id, minutes, record.case.user.email));
    }
    await this.s.notices.refreshPositions();
    return offered;
  }

  private async afterAccept(record: CaseRecord, agent: CaseAgent): Promise<void> {
    const c = record.case;
    this.s.logger.info({ caseId: c.id, agentId: agent.id }, 'case accepted');
    if (c.history.filter((change) => change.status === 'accepted').length === 1) {
      await this.s.cases.recordWait(this.s.clock.now().getTime() - queuedAt(c).getTime());
    }
    await Promise.all([
      this.s.notifier.trySend(c.user.conversationKey, this.s.customer.agentJoined(c.id, agent.name)),
      this.s.notices.updateAnnouncements(record),
      this.s.notices.refreshPositions(),
    ]);
  }

  /** A transition that takes the case out of the queue (or ends it): the queue and the cards follow. */
  async close(caseId: string, userId: string | undefined, step: (c: EscalationCase, now: Date) => CaseResult): Promise<Moved | Refusal> {
    const outcome = await this.move(caseId, (record) => (userId === undefined ? undefined : ownedBy(record, userId)), step);
    if (!outcome.ok) return outcome;
    this.s.logger.info({ caseId, status: outcome.record.case.status }, 'case closed');
    await this.s.cases.removeFromOpen(caseId);
    await Promise.all([this.s.notices.updateAnnouncements(outcome.record), this.s.notices.refreshPositions()]);
    return outcome;
  }

  /** Applies one transition with a conditional write; `check` may refuse first, `adjust` changes the record around it. */
  async move(
    caseId: string,
    check: (record: CaseRecord) => Refusal | undefined,
    step: (c: EscalationCase, now: Date) => CaseResult,
    adjust: (record: CaseRecord) => CaseRecord = (record) => record,
  ): Promise<Moved | Refusal> {
    const now = this.s.clock.now();
    try {
      return await this.s.cases.change<Moved | Refusal>(caseId, (record) => {
        const refusal = check(record);
        if (refusal) return { result: refusal };
        const result = step(record.case, now);
        if (!result.ok) return { result };
        const next = adjust({ ...record, case: result.case });
        return { next, result: { ok: true, record: next } };
      });
    } catch (error) {
      if (error instanceof CaseNotFoundError) return { ok: false, reason: 'not-found' };
      throw error;
    }
  }
}

function ownedBy(record: CaseRecord, userId: string): Refusal | undefined {
  return record.case.user.id === userId ? undefined : { ok: false, reason: 'not-yours' };
}

function nameOf(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
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
