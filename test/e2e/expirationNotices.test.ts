import { buttonsOf, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
});

afterAll(async () => {
  await bot.stop();
});

test('primary admins who talked to the bot get one notice per expiring item per window', async () => {
  const ana = bot.conversation('ana');
  await ana.join();
  await ana.say('hello');
  const chloe = bot.conversation('chloe');
  await chloe.join();
  await chloe.say('hello');

  const before = bot.connector.calls.length;
  expect(await bot.app.runtime.expirationNotices.runOnce()).toBe(2);
  await bot.app.runtime.delivery.drainNow();
  const toAna = bot.connector.activitiesFor(ana.id, before);
  expect(proseOf(toAna)).toMatch(/F-300[\s\S]*120[\s\S]*December 10, 2026|120[\s\S]*F-300/);
  expect(proseOf(toAna)).toMatch(/Revit[\s\S]*December 20, 2026/);
  expect(buttonsOf(toAna).map((b) => b.title).join(' ')).toMatch(/View details[\s\S]*Manage renewals|Manage renewals[\s\S]*View details/);
  expect(bot.connector.activitiesFor(chloe.id, before)).toEqual([]);

  expect(await bot.app.runtime.expirationNotices.runOnce()).toBe(0);

  const details = await ana.click(/Manage renewals/, toAna);
  expect(proseOf(details)).toMatch(/December 20, 2026/);
});
