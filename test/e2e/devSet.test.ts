import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';

const devSet = z
  .object({
    fallback: z.string(),
    cases: z.array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('in'), q: z.string(), expect: z.array(z.string()) }),
        z.object({ kind: z.literal('out'), q: z.string() }),
      ]),
    ),
  })
  .parse(JSON.parse(readFileSync(join(__dirname, 'qa-dev.json'), 'utf8')));

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start();
});
afterAll(async () => {
  await bot.stop();
});

/** Repeating the question answers nothing, so it is removed before the facts are looked for. */
function answerProse(prose: string, question: string): string {
  return prose.split(question).join(' ');
}

describe('development question set, end to end over HTTP as an unidentified user', () => {
  test.each(devSet.cases.filter((c) => c.kind === 'in').map((c) => [c.q, c] as const))('answers: %s', async (_q, testCase) => {
    if (testCase.kind !== 'in') return;
    const chat = bot.conversation(`dev-${Math.random().toString(36).slice(2)}`);
    await chat.join();
    const prose = answerProse(proseOf(await chat.say(testCase.q)), testCase.q);
    for (const fact of testCase.expect) expect(prose).toMatch(new RegExp(fact, 'i'));
  });

  test.each(devSet.cases.filter((c) => c.kind === 'out').map((c) => [c.q] as const))('falls back honestly: %s', async (q) => {
    const chat = bot.conversation(`dev-${Math.random().toString(36).slice(2)}`);
    await chat.join();
    const replies = await chat.say(q);
    const prose = proseOf(replies);
    expect(prose).toMatch(new RegExp(devSet.fallback, 'i'));
    expect(prose).not.toMatch(/Did this help\?/);
    expect(JSON.stringify(replies)).toMatch(/Get Help|Contact a support agent/);
  });
});
