import {
  accept,
  appendTranscript,
  cancel,
  caseId,
  caseStatuses,
  end,
  escalationCase,
  keepWaiting,
  openCase,
  parseCase,
  rate,
  release,
  timeOut,
  toTicket,
  type CaseAction,
  type CaseResult,
  type CaseStatus,
  type EscalationCase,
} from '../../../src/domain/escalation';
import { ana, anaContext, caseIn, eve, minutesAfter, queuedCase, raj, t0 } from './sampleCases';

const later = minutesAfter(5);

describe('case ids', () => {
  test.each([
    [1, 'CASE-000001'],
    [42, 'CASE-000042'],
    [999_999, 'CASE-999999'],
    [1_000_000, 'CASE-1000000'],
  ])('sequence %d -> %s', (sequence, id) => {
    expect(caseId(sequence)).toBe(id);
  });

  test.each([0, -1, 1.5, Number.NaN])('sequence %d is refused', (sequence) => {
    expect(() => caseId(sequence)).toThrow('take the next number from the counter');
  });
});

describe('opening a case', () => {
  test('a queued case with its context, valid for storage', () => {
    const opened = openCase(
      { sequence: 42, user: ana, context: anaContext, transcript: [{ from: 'user', text: 'hi' }] },
      t0,
    );
    expect(opened).toMatchObject({
      id: 'CASE-000042',
      status: 'queued',
      history: [{ status: 'queued', at: '2026-12-01T15:00:00.000Z', by: 'u-ana' }],
      transcript: [{ from: 'user', text: 'hi', at: '2026-12-01T15:00:00.000Z' }],
      resolution: {},
      createdAt: '2026-12-01T15:00:00.000Z',
    });
    expect(parseCase(JSON.parse(JSON.stringify(opened)))).toEqual(opened);
  });

  test('out of hours it is a ticket from the start', () => {
    expect(openCase({ sequence: 7, user: ana, context: anaContext, status: 'ticket' }, t0)).toMatchObject({
      status: 'ticket',
      history: [{ status: 'ticket' }],
    });
  });

  test('card numbers in the question, note and transcript are redacted', () => {
    const opened = openCase(
      {
        sequence: 1,
        user: ana,
        context: { ...anaContext, question: 'my card 4111 1111 1111 1111 was charged twice', note: 'cvv 123' },
        transcript: [{ from: 'user', text: '5555555555554444', at: t0.toISOString() }],
      },
      t0,
    );
    expect(opened.context.question).toBe('my card [card ending 1111] was charged twice');
    expect(opened.context.note).toBe('cvv [removed]');
    expect(opened.transcript[0]?.text).toBe('[card ending 4444]');
  });

  test.each([
    ['a bad id', { id: 'CASE-42' }, 'CASE-000042'],
    ['an unknown status', { status: 'lost' }, 'status'],
    ['a rating of 6', { resolution: { rating: 6 } }, 'rating'],
    ['an unknown field', { priority: 'high' }, 'priority'],
  ])('a stored case with %s is refused', (_what, change, message) => {
    expect(() => parseCase({ ...queuedCase(), ...change })).toThrow(message);
  });
});

const transitions: Record<CaseAction, (current: EscalationCase) => CaseResult> = {
  accept: (current) => accept(current, raj, later),
  release: (current) => release(current, eve.id, later),
  end: (current) => end(current, eve.id, later),
  cancel: (current) => cancel(current, later),
  toTicket: (current) => toTicket(current, later),
  timeOut: (current) => timeOut(current, later),
  keepWaiting: (current) => keepWaiting(current, later),
  appendTranscript: (current) => appendTranscript(current, { from: 'user', text: 'hello' }, later),
  rate: (current) => rate(current, { rating: 5 }),
};

type Outcome = CaseStatus | 'taken' | 'closed' | 'not-allowed' | 'same';
/** Row: from status; then the outcome of accept, release, end, cancel, toTicket, timeOut, keepWaiting, appendTranscript, rate. */
const table: [CaseStatus, ...Outcome[]][] = [
  ['queued', 'accepted', 'not-allowed', 'not-allowed', 'cancelled', 'ticket', 'timed-out', 'not-allowed', 'same', 'not-allowed'],
  ['released', 'accepted', 'not-allowed', 'not-allowed', 'cancelled', 'ticket', 'timed-out', 'not-allowed', 'same', 'not-allowed'],
  ['timed-out', 'accepted', 'not-allowed', 'not-allowed', 'cancelled', 'ticket', 'not-allowed', 'queued', 'same', 'not-allowed'],
  ['accepted', 'taken', 'released', 'ended', 'not-allowed', 'not-allowed', 'not-allowed', 'not-allowed', 'same', 'not-allowed'],
  ['ended', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'same'],
  ['ticket', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed'],
  ['cancelled', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'closed'],
];
const actions = Object.keys(transitions) as CaseAction[];

describe('the state machine', () => {
  test('the table covers every status', () => {
    expect(table.map(([status]) => status).sort()).toEqual([...caseStatuses].sort());
  });

  test.each(table.flatMap(([from, ...outcomes]) => actions.map((action, index) => [from, action, outcomes[index]] as const)))(
    'from %s, %s -> %s',
    (from, action, outcome) => {
      const current = caseIn(from);
      const result = transitions[action](current);
      if (outcome === 'same' || (result.ok && outcome === result.case.status)) {
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(escalationCase.parse(result.case)).toEqual(result.case);
        expect(result.case.status).toBe(outcome === 'same' ? from : outcome);
        if (outcome !== 'same') expect(result.case.history.at(-1)?.at).toBe(later.toISOString());
      } else {
        expect(result).toMatchObject({ ok: false, reason: outcome });
      }
    },
  );

  test('transitions never change the case they are given', () => {
    const current = caseIn('queued');
    const before = structuredClone(current);
    for (const action of actions) transitions[action](current);
    expect(current).toEqual(before);
  });
});

describe('who may do what', () => {
  test('a second accept is told who has the case', () => {
    const first = accept(queuedCase(), eve, t0);
    if (!first.ok) throw new Error('first accept refused');
    expect(first.case.agent).toEqual(eve);
    expect(accept(first.case, raj, later)).toEqual({ ok: false, reason: 'taken', by: 'Eve Sato', agentId: 'a-eve' });
    expect(accept(first.case, eve, later)).toMatchObject({ ok: false, reason: 'taken', agentId: 'a-eve' });
  });

  test.each([
    ['the holding agent ends', 'end', 'a-eve', true],
    ['the user ends', 'end', 'u-ana', true],
    ['another agent ends', 'end', 'a-raj', false],
    ['the holding agent releases', 'release', 'a-eve', true],
    ['the user cannot release', 'release', 'u-ana', false],
    ['another agent cannot release', 'release', 'a-raj', false],
  ] as const)('%s: %s by %s -> ok %s', (_who, action, actorId, allowed) => {
    const current = caseIn('accepted');
    const result = action === 'end' ? end(current, actorId, later) : release(current, actorId, later);
    expect(result.ok ? true : result).toEqual(allowed ? true : { ok: false, reason: 'not-participant', actorId });
  });

  test('a released case has no agent and keeps its history', () => {
    const result = release(caseIn('accepted'), eve.id, later);
    expect(result.ok && result.case.agent).toBeUndefined();
    expect(result.ok && result.case.history.map((change) => change.status)).toEqual(['queued', 'accepted', 'released']);
  });
});

describe('transcript and rating', () => {
  test('transcript lines are stamped and redacted', () => {
    const result = appendTranscript(caseIn('accepted'), { from: 'user', name: 'Ana Ruiz', text: 'card 4111-1111-1111-1111' }, later);
    expect(result.ok && result.case.transcript.at(-1)).toEqual({
      from: 'user',
      name: 'Ana Ruiz',
      text: 'card [card ending 1111]',
      at: later.toISOString(),
    });
  });

  test.each([
    [{ resolved: true }, { resolved: true }],
    [{ rating: 4 }, { rating: 4 }],
    [{ resolved: false, rating: 1 }, { resolved: false, rating: 1 }],
  ])('rate(%j) records %j', (answer, resolution) => {
    const result = rate(caseIn('ended'), answer);
    expect(result.ok && result.case.resolution).toEqual(resolution);
  });

  test('the two answers are given one after the other', () => {
    const first = rate(caseIn('ended'), { resolved: true });
    const second = first.ok ? rate(first.case, { rating: 5 }) : first;
    expect(second.ok && second.case.resolution).toEqual({ resolved: true, rating: 5 });
  });

  test.each([0, 6, 2.5])('a rating of %d is refused', (rating) => {
    expect(rate(caseIn('ended'), { rating })).toEqual({ ok: false, reason: 'invalid-rating', rating });
  });
});
