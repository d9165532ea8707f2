import {
  accept,
  acceptedWaits,
  estimateWait,
  keepWaiting,
  queuePositions,
  queuedAt,
  release,
  timedOut,
  timeOut,
  waitedMinutes,
  waitingCases,
} from '../../../src/domain/escalation';
import { ana, caseIn, eve, minutesAfter, ok, queuedCase, t0 } from './sampleCases';

const first = queuedCase(1, minutesAfter(0));
const second = queuedCase(2, minutesAfter(1), { ...ana, id: 'u-ben' });
const third = queuedCase(3, minutesAfter(2), { ...ana, id: 'u-chloe' });

describe('queue positions', () => {
  test.each([
    ['three queued at once', [third, first, second], { 'CASE-000001': 1, 'CASE-000002': 2, 'CASE-000003': 3 }],
    ['the first is accepted: the others move up', [ok(accept(first, eve, minutesAfter(3))), second, third], { 'CASE-000002': 1, 'CASE-000003': 2 }],
    [
      'a released case goes back to its original place',
      [ok(release(ok(accept(first, eve, minutesAfter(3))), eve.id, minutesAfter(4))), second, third],
      { 'CASE-000001': 1, 'CASE-000002': 2, 'CASE-000003': 3 },
    ],
    ['a timed-out case is still waiting', [first, ok(timeOut(second, minutesAfter(11)))], { 'CASE-000001': 1, 'CASE-000002': 2 }],
    ['closed cases are not in the queue', [caseIn('ticket'), caseIn('cancelled'), caseIn('ended'), third], { 'CASE-000003': 1 }],
    ['same instant: case id decides', [queuedCase(9, t0), queuedCase(8, t0)], { 'CASE-000008': 1, 'CASE-000009': 2 }],
    ['nobody waiting', [], {}],
  ])('%s', (_name, cases, positions) => {
    expect(Object.fromEntries(queuePositions(cases))).toEqual(positions);
    expect(waitingCases(cases).map((current) => current.id)).toEqual(Object.keys(positions));
  });

  test('keeping waiting after a time-out keeps the place in the queue', () => {
    const kept = ok(keepWaiting(ok(timeOut(first, minutesAfter(10))), minutesAfter(11)));
    expect(queuedAt(kept)).toEqual(t0);
    expect(queuePositions([second, kept]).get(kept.id)).toBe(1);
  });
});

describe('estimated wait', () => {
  test.each([
    ['no history', [], 1, undefined],
    ['two samples are not enough', [120_000, 240_000], 1, undefined],
    ['three samples: median 4 minutes', [120_000, 240_000, 600_000], 1, 4],
    ['position 3 waits three times the median', [120_000, 240_000, 600_000], 3, 12],
    ['even count: mean of the middle two', [60_000, 120_000, 180_000, 240_000], 1, 3],
    ['one very long wait does not skew it', [60_000, 60_000, 60_000, 3_600_000], 2, 2],
    ['quick acceptances still show a minute', [5_000, 6_000, 7_000], 1, 1],
    ['rounds to whole minutes', [90_000, 90_000, 90_000], 1, 2],
    [
      'only the 20 most recent waits count',
      [...Array<number>(30).fill(3_600_000), ...Array<number>(20).fill(120_000)],
      1,
      2,
    ],
    ['no position, no estimate', [60_000, 60_000, 60_000], 0, undefined],
  ])('%s: %j at position %d -> %s minutes', (_name, waits, position, minutes) => {
    expect(estimateWait(waits, position)).toBe(minutes);
  });

  test('waits are measured from joining the queue to the first acceptance, oldest acceptance first', () => {
    const acceptedLate = ok(accept(first, eve, minutesAfter(9)));
    const acceptedEarly = ok(accept(second, eve, minutesAfter(3)));
    expect(acceptedWaits([acceptedLate, acceptedEarly, third])).toEqual([2 * 60_000, 9 * 60_000]);
  });
});

describe('time-outs', () => {
  test.each([
    ['queued 9 minutes', first, 9, false],
    ['queued 10 minutes', first, 10, true],
    ['accepted long ago', caseIn('accepted'), 60, false],
    ['already timed out (the user was asked)', ok(timeOut(first, minutesAfter(10))), 60, false],
    ['kept waiting 5 minutes after a time-out', ok(keepWaiting(ok(timeOut(first, minutesAfter(10))), minutesAfter(12))), 17, false],
    ['kept waiting 10 minutes after a time-out', ok(keepWaiting(ok(timeOut(first, minutesAfter(10))), minutesAfter(12))), 22, true],
    ['a ticket never times out', caseIn('ticket'), 60, false],
  ])('%s, checked at minute %d -> %s', (_name, current, minute, expected) => {
    expect(timedOut(current, minutesAfter(minute), 10)).toBe(expected);
  });

  test.each([
    [0, 0],
    [0.5, 0],
    [7.9, 7],
  ])('after %d minutes the user has waited %d whole minutes', (minutes, waited) => {
    expect(waitedMinutes(first, minutesAfter(minutes))).toBe(waited);
  });
});
