import type { TurnEvent } from '../../src/analytics/events';
import { buttonsOf, findButton } from '../support/cards';
import { BotHarness } from '../support/harness';
import { availableAgent, caseIdOf, mark, received, requestAgent, tuesday } from './escalationChat';

export const day = tuesday.slice(0, 10);
/** Midnight in New York, the same UTC day: support is closed. */
export const night = `${day}T05:00:00Z`;
/** Two hours after the scripted day began: every session has been quiet for over 30 minutes. */
export const afterTheDay = new Date(Date.parse(tuesday) + 2 * 3600_000).toISOString();

/** What the night and the scripted day add up to, as `npm run report -- --json` and the page must show it. */
export const expectedDay = {
  sessions: 12,
  resolved: 3,
  escalated: 3,
  abandoned: 5,
  unengaged: 1,
  csat: { average: 4, count: 1 },
  menuPaths: [
    { path: 'Get Help > Post-purchase support', node: 'post-purchase-support', count: 1 },
    { path: 'Get Help > Post-purchase support > Subscription management > Billing & orders > Update billing info > From Autodesk', node: 'billing-from-autodesk', count: 1 },
  ],
  // Dev's bitcoin questions are read as billing questions too, which his role may not see.
  accountIntents: [
    { intent: 'billing-info', asked: 3, refused: 2, notFound: 0 },
    { intent: 'renewal-status', asked: 2, refused: 1, notFound: 1 },
    { intent: 'purchase-history', asked: 1, refused: 0, notFound: 0 },
    { intent: 'subscriptions', asked: 1, refused: 0, notFound: 0 },
    { intent: 'upcoming-payments', asked: 1, refused: 1, notFound: 0 },
  ],
  // Waits are left out: the bot's clock runs in real time, so they are a few milliseconds, not exact.
  queue: { accepted: 1, answered: 1, tickets: 2, ticketsOutOfHours: 1, ticketsNoAgent: 1, cancelled: 1 },
};

/** The day's row of the days table: day, sessions, resolved, escalated, abandoned, unengaged. */
export const expectedDayRow = [day, 12, 3, 3, 5, 1];

/**
 * The night and then the day, each on the bot's clock of its own, into one DATA_DIR (the caller removes
 * it); also returns the events the day recorded, to check they hold no message text.
 */
export async function recordTheDay(): Promise<{ dataDir: string; events: TurnEvent[] }> {
  const atNight = await BotHarness.start({ env: { BOT_NOW: night } });
  await playTheNight(atNight);
  await atNight.app.close();
  await atNight.connector.stop();
  const bot = await BotHarness.start({ dataDir: atNight.dataDir, env: { BOT_NOW: tuesday } });
  await playTheDay(bot);
  const events = await bot.app.runtime.store.logs.read<TurnEvent>('events', day);
  await bot.app.close();
  await bot.connector.stop();
  return { dataDir: atNight.dataDir, events };
}

/** Support is closed: Ana's request becomes a ticket at once. */
export async function playTheNight(bot: BotHarness): Promise<void> {
  const ana = bot.conversation('ana', { userName: 'Ana Ruiz' });
  await ana.join();
  await requestAgent(ana);
}

/**
 * A day with the demo users: Ana's answer helped (Yes); Ben's did not (No, didn't answer); Chloe picks
 * from a "Did you mean"; Dev asks an unanswerable question three ways, then, before any agent is
 * available, is refused a renewal date and gets a ticket; Chloe walks the menu to a leaf and is refused
 * payments; Fay asks about a subscription Fabrikam doesn't have; a visitor stops the menu at a branch
 * and types a question; Fay is helped by Eve and rates 4; Ben leaves the queue; a visitor only sees the
 * welcome.
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

  // No agent has gone available yet: Dev, refused a renewal date his role may not see, gets a ticket.
  const devAgain = bot.conversation('dev', { userName: 'Dev Patel' });
  await devAgain.join();
  await devAgain.say('when does our Civil 3D renew?');
  await requestAgent(devAgain);

  // Chloe walks the menu down to a leaf, then asks for payments her role may not see.
  const chloeAgain = bot.conversation('chloe', { userName: 'Chloe Martin' });
  await chloeAgain.join();
  for (const step of ['Get Help', 'Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info', 'From Autodesk']) await chloeAgain.click(step);
  await chloeAgain.say('show our upcoming payments');

  // Fay asks about a subscription her company doesn't have; a visitor stops the menu at a branch and types.
  const fayAsks = bot.conversation('fay', { userName: 'Fay Lindqvist' });
  await fayAsks.join();
  await fayAsks.say('when does our Civil 3D renew?');
  const walker = bot.conversation('visitor-2');
  await walker.join();
  for (const step of ['Get Help', 'Post-purchase support']) await walker.click(step);
  await walker.say('how do I renew early?');

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
