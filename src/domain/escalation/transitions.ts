import {
  closedStatuses,
  redactEntry,
  type CaseAgent,
  type CaseStatus,
  type EscalationCase,
  type TranscriptEntry,
} from './case';

/**
 * The case's state machine. Every transition is pure: it returns a new case, or a refusal saying why not,
 * so the caller can write the result with a conditional put and tell the loser of a race who won.
 */

export const caseActions = [
  'accept',
  'release',
  'end',
  'cancel',
  'toTicket',
  'timeOut',
  'keepWaiting',
  'appendTranscript',
  'rate',
] as const;
export type CaseAction = (typeof caseActions)[number];

/** From which statuses each action is legal. */
export const legalFrom: Record<CaseAction, readonly CaseStatus[]> = {
  accept: ['queued', 'released', 'timed-out'],
  release: ['accepted'],
  end: ['accepted'],
  cancel: ['queued', 'released', 'timed-out'],
  toTicket: ['queued', 'released', 'timed-out'],
  timeOut: ['queued', 'released'],
  keepWaiting: ['timed-out'],
  appendTranscript: ['queued', 'released', 'timed-out', 'accepted'],
  rate: ['ended'],
};

export type CaseRefusal =
  /** Another agent (or the same one, pressing twice) already holds the case. */
  | { ok: false; reason: 'taken'; by: string; agentId: string }
  | { ok: false; reason: 'closed'; status: CaseStatus }
  | { ok: false; reason: 'not-allowed'; action: CaseAction; status: CaseStatus }
  /** Only the case's user and the agent holding it may end or release it. */
  | { ok: false; reason: 'not-participant'; actorId: string }
  | { ok: false; reason: 'invalid-rating'; rating: number };

export type CaseResult = { ok: true; case: EscalationCase } | CaseRefusal;

export function accept(current: EscalationCase, agent: CaseAgent, now: Date): CaseResult {
  return guard(current, 'accept') ?? moved(current, 'accepted', now, agent.id, { agent: { ...agent } });
}

/** The holding agent puts the case back in the queue; it keeps its original place. */
export function release(current: EscalationCase, agentId: string, now: Date): CaseResult {
  const refusal = guard(current, 'release') ?? holderOnly(current, agentId, false);
  if (refusal) return refusal;
  const { agent: _released, ...rest } = current;
  return moved(rest, 'released', now, agentId);
}

/** Ends a live chat, from the user's side (their id) or the agent's (the holder's id). */
export function end(current: EscalationCase, by: string, now: Date): CaseResult {
  return guard(current, 'end') ?? holderOnly(current, by, true) ?? moved(current, 'ended', now, by);
}

/** The user leaves the queue. */
export function cancel(current: EscalationCase, now: Date): CaseResult {
  return guard(current, 'cancel') ?? moved(current, 'cancelled', now, current.user.id);
}

/** The waiting case becomes a ticket, answered by email. */
export function toTicket(current: EscalationCase, now: Date): CaseResult {
  return guard(current, 'toTicket') ?? moved(current, 'ticket', now, current.user.id);
}

/** No agent accepted in time: the user is about to be offered a ticket. The case stays in the queue meanwhile. */
export function timeOut(current: EscalationCase, now: Date): CaseResult {
  return guard(current, 'timeOut') ?? moved(current, 'timed-out', now);
}

/** The user chose to keep waiting after a time-out; the time-out clock starts again. */
export function keepWaiting(current: EscalationCase, now: Date): CaseResult {
  return guard(current, 'keepWaiting') ?? moved(current, 'queued', now, current.user.id);
}

/** Adds a line to the transcript (redacting it again: cheap, and nothing unredacted is ever kept). */
export function appendTranscript(
  current: EscalationCase,
  entry: Omit<TranscriptEntry, 'at'>,
  now: Date,
): CaseResult {
  const refusal = guard(current, 'appendTranscript');
  if (refusal) return refusal;
  const line = redactEntry({ ...entry, at: now.toISOString() });
  return { ok: true, case: { ...current, transcript: [...current.transcript, line] } };
}

/** Records the user's answers after an ended chat: "Was your issue resolved?" and a 1-5 rating. */
export function rate(current: EscalationCase, answer: { resolved?: boolean; rating?: number }): CaseResult {
  const refusal = guard(current, 'rate');
  if (refusal) return refusal;
  const { rating, resolved } = answer;
  if (rating !== undefined && !(Number.isInteger(rating) && rating >= 1 && rating <= 5)) {
    return { ok: false, reason: 'invalid-rating', rating };
  }
  const resolution = {
    ...current.resolution,
    ...(resolved === undefined ? {} : { resolved }),
    ...(rating === undefined ? {} : { rating }),
  };
  return { ok: true, case: { ...current, resolution } };
}

function guard(current: EscalationCase, action: CaseAction): CaseRefusal | undefined {
  if (legalFrom[action].includes(current.status)) return undefined;
  if (action === 'accept' && current.status === 'accepted' && current.agent) {
    return { ok: false, reason: 'taken', by: current.agent.name, agentId: current.agent.id };
  }
  if ((closedStatuses as readonly CaseStatus[]).includes(current.status)) {
    return { ok: false, reason: 'closed', status: current.status };
  }
  return { ok: false, reason: 'not-allowed', action, status: current.status };
}

function holderOnly(current: EscalationCase, actorId: string, userToo: boolean): CaseRefusal | undefined {
  const isHolder = current.agent?.id === actorId;
  const isUser = userToo && current.user.id === actorId;
  return isHolder || isUser ? undefined : { ok: false, reason: 'not-participant', actorId };
}

function moved(
  current: EscalationCase,
  status: CaseStatus,
  now: Date,
  by?: string,
  changes: Partial<EscalationCase> = {},
): CaseResult {
  const change = { status, at: now.toISOString(), ...(by === undefined ? {} : { by }) };
  return { ok: true, case: { ...current, ...changes, status, history: [...current.history, change] } };
}
