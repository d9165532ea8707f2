import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/paths';
import { proseOf } from '../test/support/cards';
import { BotHarness } from '../test/support/harness';
import { loadQuestionSet, type DevCase, type DevSet } from './eval-dev';
import { printTable } from './stats';

/**
 * Answer quality end to end over HTTP: the development set and every set in bench/questions, each question
 * asked by an unidentified user in a fresh conversation and judged as the development set's `about` says.
 * Prints a table, then each failure, for content authors.
 */
export async function benchAnswers(): Promise<void> {
  const root = projectRoot();
  const folder = join(root, 'bench', 'questions');
  const sets: [string, DevSet][] = [
    ['development', loadQuestionSet(join(root, 'test', 'e2e', 'qa-dev.json'))],
    ...readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name): [string, DevSet] => [name.replace(/\.json$/, ''), loadQuestionSet(join(folder, name))]),
  ];
  const bot = await BotHarness.start();
  try {
    const rows = [];
    const failures: string[] = [];
    for (const [name, set] of sets) {
      const passed = { in: 0, out: 0 };
      const total = { in: 0, out: 0 };
      for (const question of set.cases) {
        total[question.kind]++;
        const why = await ask(bot, set, question);
        if (why === undefined) passed[question.kind]++;
        else failures.push(`${name} | ${question.kind} | ${question.q} | ${why}`);
      }
      const all = passed.in + passed.out;
      rows.push({
        set: name,
        'answered (in)': `${passed.in}/${total.in}`,
        'honest fallback (out)': `${passed.out}/${total.out}`,
        overall: `${((100 * all) / set.cases.length).toFixed(1)}%`,
      });
    }
    printTable('Answers end to end over HTTP (unidentified user, fresh conversation per question)', rows);
    process.stdout.write(failures.length > 0 ? `failures:\n${failures.map((line) => `  ${line}`).join('\n')}\n` : 'no failures\n');
  } finally {
    await bot.stop();
  }
}

/** Undefined when the reply passes; otherwise what was wrong with it. */
async function ask(bot: BotHarness, set: DevSet, question: DevCase): Promise<string | undefined> {
  const chat = bot.conversation(`bench-${Math.random().toString(36).slice(2)}`);
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
