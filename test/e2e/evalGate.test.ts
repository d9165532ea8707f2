import { gateFailures, printEval, runEval, type EvalReport } from '../../bench/eval';

/**
 * The CI gate on answer quality: every question set end to end over HTTP (as `npm run eval` does), failing
 * when a set drops below its floor in eval/floors.json or any reply shows data its user may not see.
 */
let report: EvalReport;
beforeAll(async () => {
  report = await runEval();
}, 180_000);

test('every question set is at or above its floor', () => {
  if (report.belowFloor.length > 0) {
    let printed = '';
    printEval(report, { write: (chunk: string) => ((printed += chunk), true) } as unknown as NodeJS.WritableStream);
    throw new Error(`${report.belowFloor.join('\n')}\n${printed}`);
  }
});

test('no reply shows another tenant\'s or a forbidden role\'s data', () => {
  expect(report.sets.flatMap((set) => set.misses.filter((miss) => miss.includes('LEAK')))).toEqual([]);
});

test('the gate notices a set below its floor and a leak', () => {
  const result = { name: 'x', kind: 'knowledge' as const, untouched: false, passed: { in: 9, out: 1 }, total: { in: 10, out: 2 }, leaks: 1, misses: [] };
  expect(gateFailures(result, { in: 0.9, out: 0.9 })).toEqual(['x: 1 leak(s)', 'x (out): 50.0% is below the floor of 90.0%']);
});
