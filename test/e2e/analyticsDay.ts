import { buttonsOf, findButton } from '../support/cards';
import type { BotHarness } from '../support/harness';
import { availableAgent, caseIdOf, mark, received, requestAgent, tuesday } from './escalationChat';

export const day = tuesday.slice(0, 10);
/** Two hours after the scripted day began: every session has been quiet for over 30 minutes. */
export const afterTheDay = new Date(Date.parse(tuesday) + 2 * 3600_000).toISOString();

/** What the scripted day adds up to, as `npm run report -- --json` and the page must show it. */
export const expectedDay = {
  sessions: 7,
  resolved: 2,
  escalated: 1,
  abandoned: 3,
  unengaged: 1,
  csat: { average: 4, count: 1 },
};

/**
 * A day with the demo users: Ana's answer helped (Yes); Ben's did not (No, didn't answer); Chloe picks
 * from a "Did you mean"; Dev asks an unanswerable question three ways; Fay is helped by Eve and rates
 * 4; Ben leaves the queue; a visitor only sees the welcome.
 */
export async function playTheDay(bot: BotHarness): Promise<void> {
  const ana = bot.conversation('ana', { userName: 'Ana Ruiz' });
  await ana.join();
  await ana.click('Yes', await ana.say('how do I update my billing information?'));

  const ben = bot.conversation('ben', { userName: 'Ben Okafor' });
  await ben.join();
  await ben.click('No', await ben.say('how do I see my purchase history?'));
  await ben.click("It didn't answer my question");

  const chloe = bot.conversation('chloe', { userName: 'Chloe Martin' });
  await chloe.join();
  const choices = await chloe.say('seats');
  const first = buttonsOf(choices).find((button) => (button.data as { verb?: string } | undefined)?.verb === 'article');
  if (!first) throw new Error('"seats" did not offer a Did you mean');
  await chloe.submit(first.data);

  const dev = bot.conversation('dev', { userName: 'Dev Patel' });
  await dev.join();
  for (const question of ['can I pay with bitcoin?', 'do you accept bitcoin payments', 'bitcoin']) await dev.say(question);

  const eve = await availableAgent(bot, 'agent-eve');
  const fay = bot.conversation('fay', { userName: 'Fay Lindqvist' });
  await fay.join();
  const before = mark(bot);
  const caseId = caseIdOf(await requestAgent(fay));
  await eve.click('Accept', received(bot, eve, before));
  await fay.say('my invoice shows the wrong address');
  await eve.say('Fixed, you will get a corrected invoice.');
  const beforeEnd = mark(bot);
  await eve.say('/end');
  await fay.click('Yes', received(bot, fay, beforeEnd));
  await fay.click('4');
  if (!caseId) throw new Error('no case');

  const leaving = bot.conversation('ben', { userName: 'Ben Okafor' });
  await leaving.join();
  await requestAgent(leaving);
  await leaving.submit(findButton(leaving.last, 'Leave the queue').data);

  await bot.conversation('visitor-1').join();
}
