import { isWaiting, type EscalationCase } from './case';

/** The queue of cases waiting for an agent, derived from the cases themselves (no separate queue to keep in step). */

/** Fewer accepted cases than this and the bot shows no estimate rather than a guess. */
export const minWaitSamples = 3;
/** Only the most recent accepted cases count: the queue's pace changes over the day. */
export const recentWaitSamples = 20;

/** When the case first joined the queue. A released or kept-waiting case keeps this place. */
export function queuedAt(current: EscalationCase): Date {
  const queued = current.history.find((change) => change.status === 'queued');
  return new Date(queued?.at ?? current.createdAt);
}

/** Since when the case has been in its current waiting status: the time-out clock starts here. */
export function waitingSince(current: EscalationCase): Date {
  return new Date(current.history[current.history.length - 1]?.at ?? current.createdAt);
}

/** Waiting cases, first come first served (ties broken by case id, which follows creation order). */
export function waitingCases(cases: readonly EscalationCase[]): EscalationCase[] {
  return cases
    .filter(isWaiting)
    .map((current) => ({ current, at: queuedAt(current).getTime() }))
    .sort((a, b) => a.at - b.at || a.current.id.localeCompare(b.current.id))
    .map(({ current }) => current);
}

/** Case id -> position in the queue, from 1. */
export function queuePositions(cases: readonly EscalationCase[]): Map<string, number> {
  return new Map(waitingCases(cases).map((current, index) => [current.id, index + 1]));
}

/** Whole minutes since the case joined the queue. */
export function waitedMinutes(current: EscalationCase, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - queuedAt(current).getTime()) / 60_000));
}

/**
 * How long each case waited from joining the queue to its first acceptance, in milliseconds,
 * ordered by acceptance time (oldest first) so the most recent are at the end.
 */
export function acceptedWaits(cases: readonly EscalationCase[]): number[] {
  return cases
    .flatMap((current) => {
      const accepted = current.history.find((change) => change.status === 'accepted');
      if (!accepted) return [];
      const at = new Date(accepted.at).getTime();
      return [{ at, wait: at - queuedAt(current).getTime() }];
    })
    .sort((a, b) => a.at - b.at)
    .map(({ wait }) => wait);
}

/**
 * Estimated wait in whole minutes (at least 1) for the case at `position`: the median of the most recent waits
 * times the position. The median ignores the odd case left waiting for an hour; multiplying by the position
 * over-estimates a little when several agents work at once, which is the kinder mistake.
 * Undefined until there are `minWaitSamples` waits to go on.
 */
export function estimateWait(waitsMs: readonly number[], position: number): number | undefined {
  const recent = waitsMs.slice(-recentWaitSamples);
  if (recent.length < minWaitSamples || position < 1) return undefined;
  return Math.max(1, Math.round((median(recent) * position) / 60_000));
}

/** True once a case has waited `timeoutMinutes` in 'queued' or 'released' without an agent accepting it. */
export function timedOut(current: EscalationCase, now: Date, timeoutMinutes: number): boolean {
  if (current.status !== 'queued' && current.status !== 'released') return false;
  return now.getTime() - waitingSince(current).getTime() >= timeoutMinutes * 60_000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}
