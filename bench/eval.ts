import { projectRoot } from '../src/paths';
import { buttonsOf, proseOf } from '../test/support/cards';
import { BotHarness } from '../test/support/harness';
import type { DevCase, DevSet } from './eval-dev';
import { loadFloors, loadQuestionSets, type AccountCase, type AccountSet, type Floor, type QuestionSet } from './evalSets';
import { printTable } from './stats';

/** The demo data's date: account answers are judged as of this moment. */
export const EVAL_NOW = '2026-12-01T15:00:00Z';

export interface SetResult {
  name: string;
  kind: QuestionSet['kind'];
  untouched: boolean;
  passed: { in: number; out: number };
  total: { in: number; out: number };
  leaks: number;
  misses: string[];
}

export interface EvalReport {
  sets: SetResult[];
  /** Sets below their floor, or with a leak: what fails CI. */
  belowFloor: string[];
}

/**
 * Every question set end to end over HTTP against the real server: each question in a fresh conversation,
 * as an unidentified user (knowledge sets) or as the case's demo user (account sets).
 */
export async function runEval(root = projectRoot(), only?: (set: QuestionSet) => boolean): Promise<EvalReport> {
  const sets = loadQuestionSets(root).filter((set) => only?.(set) ?? true);
  const floors = loadFloors(root);
  const bot = await BotHarness.start({ env: { BOT_NOW: EVAL_NOW } });
  try {
    const results: SetResult[] = [];
    for (const set of sets) results.push(set.kind === 'knowledge' ? await knowledgeSet(bot, set.name, set.set, set.untouched) : await accountSet(bot, set.name, set.set, set.untouched));
    return { sets: results, belowFloor: results.flatMap((result) => gateFailures(result, floors[result.name])) };
  } finally {
    await bot.stop();
  }
}

async function knowledgeSet(bot: BotHarness, name: string, set: DevSet, untouched: boolean): Promise<SetResult> {
  const result = emptyResult(name, 'knowledge', untouched);
  for (const question of set.cases) {
    result.total[question.kind]++;
    const why = await askKnowledge(bot, set, question);
    if (why === undefined) result.passed[question.kind]++;
    else result.misses.push(`${question.kind} | ${question.q} | ${why}`);
  }
  return result;
}

async function accountSet(bot: BotHarness, name: string, set: AccountSet, untouched: boolean): Promise<SetResult> {
  const result = emptyResult(name, 'account', untouched);
  for (const question of set.cases) {
    result.total.in++;
    const verdict = await askAccount(bot, set, question);
    if (verdict.leaked) result.leaks++;
    if (verdict.why === undefined) result.passed.in++;
    else result.misses.push(`${question.user} | ${question.q} | ${verdict.why}`);
  }
  return result;
}

/** Undefined when the reply passes; otherwise what was wrong with it. */
async function askKnowledge(bot: BotHarness, set: DevSet, question: DevCase): Promise<string | undefined> {
  const chat = bot.conversation(`eval-${Math.random().toString(36).slice(2)}`);
  await chat.join();
  const replies = await chat.say(question.q);
  const prose = proseOf(replies).split(question.q).join(' ');
  const gist = prose.split('\n')[0]?.slice(0, 80) ?? '';
  if (question.kind === 'in') {
    const missing = question.expect.filter((pattern) => !new RegExp(pattern, 'i').test(prose));
    return missing.length === 0 ? undefined : `lacks /${missing.join('/, /')}/; replied "${gist}"`;
  }
  const honest = new RegExp(set.fallback, 'i').test(prose) && !/Did this help\?/.test(prose) && /Get Help|Contact a support agent/.test(JSON.stringify(replies));
  return honest ? undefined : `replied "${gist}"`;
}

/** What the user sees of an account answer: the prose, then the button titles in brackets. */
async function askAccount(bot: BotHarness, set: AccountSet, question: AccountCase): Promise<{ why?: string; leaked: boolean }> {
  const chat = bot.conversation(question.user);
  await chat.join();
  const replies = await chat.say(question.q);
  const shown = `${proseOf(replies)}\n[${buttonsOf(replies).map((b) => b.title).join('] [')}]`;
  const leaks = [...(set.users[question.user]?.leak ?? []), ...(question.leak ?? [])].filter((pattern) => leaked(pattern, shown, question.q));
  const missing = question.expect.filter((pattern) => !new RegExp(pattern, 'i').test(shown));
  const wrong = (question.not ?? []).filter((pattern) => new RegExp(pattern, 'i').test(shown));
  const gist = shown.replace(/\s+/g, ' ').slice(0, 140);
  if (leaks.length > 0) return { leaked: true, why: `LEAK /${leaks.join('/, /')}/; replied "${gist}"` };
  if (wrong.length > 0) return { leaked: false, why: `shows /${wrong.join('/, /')}/; replied "${gist}"` };
  return missing.length === 0 ? { leaked: false } : { leaked: false, why: `lacks /${missing.join('/, /')}/; replied "${gist}"` };
}

/** A match is a leak unless the user typed it themselves ("when does S-102 renew?" may echo S-102). */
function leaked(pattern: string, shown: string, question: string): boolean {
  const asked = question.toLowerCase();
  return [...shown.matchAll(new RegExp(pattern, 'gi'))].some((match) => !asked.includes(match[0].toLowerCase()));
}

function emptyResult(name: string, kind: QuestionSet['kind'], untouched: boolean): SetResult {
  return { name, kind, untouched, passed: { in: 0, out: 0 }, total: { in: 0, out: 0 }, leaks: 0, misses: [] };
}

/** Below-floor shares and leaks, as lines that say which set and by how much. */
export function gateFailures(result: SetResult, floor: Floor | undefined): string[] {
  const failures = result.leaks > 0 ? [`${result.name}: ${result.leaks} leak(s)`] : [];
  if (floor === undefined) return failures;
  const wanted = typeof floor === 'number' ? { in: floor, out: floor } : floor;
  for (const kind of ['in', 'out'] as const) {
    const share = result.total[kind] === 0 ? 1 : result.passed[kind] / result.total[kind];
    if (share < wanted[kind]) failures.push(`${result.name} (${kind}): ${percent(share)} is below the floor of ${percent(wanted[kind])}`);
  }
  return failures;
}

const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;
const ratio = (passed: number, total: number): string => (total === 0 ? '-' : `${passed}/${total} (${percent(passed / total)})`);

export function printEval(report: EvalReport, out: NodeJS.WritableStream = process.stdout): void {
  const rows = report.sets.map((result) => ({
    set: `${result.name}${result.untouched ? ' (untouched)' : ''}`,
    kind: result.kind,
    'right (answerable)': ratio(result.passed.in, result.total.in),
    'declined (out of scope)': ratio(result.passed.out, result.total.out),
    leaks: String(result.leaks),
  }));
  printTable('Answer quality end to end over HTTP (a fresh conversation per question)', rows);
  for (const result of report.sets) {
    if (result.misses.length === 0) continue;
    out.write(`\n${result.name}: ${result.misses.length} miss(es)\n${result.misses.map((line) => `  ${line}`).join('\n')}\n`);
  }
  out.write(report.belowFloor.length > 0 ? `\nBELOW FLOOR:\n${report.belowFloor.map((line) => `  ${line}`).join('\n')}\n` : '\nevery set is at or above its floor, no leaks\n');
}

if (require.main === module) {
  const wanted = new Set(process.argv.slice(2));
  runEval(projectRoot(), wanted.size === 0 ? undefined : (set) => wanted.has(set.name) || wanted.has(set.kind))
    .then((report) => {
      printEval(report);
      process.exitCode = report.belowFloor.length === 0 ? 0 : 1;
    })
    .catch((error: unknown) => {
      process.stderr.write(`Evaluation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
