import type { ConversationReference } from 'botbuilder';
import { LocalConnector } from '../support/connector';
import { BotHarness } from '../support/harness';
import { availableAgent, caseIdOf, requestAgent, tuesday } from './escalationChat';
import { AGENTS_CHANNEL, channelThread, eve, mentioning, send, teamsActivity } from './teamsSupport';

let bot: BotHarness;
/** Someone else's endpoint on this machine: what a forged activity names as its serviceUrl. */
const attacker = new LocalConnector();

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
  await attacker.start();
});

afterAll(async () => {
  await bot.stop();
  await attacker.stop();
});

const agentsChannel = async () => (await bot.app.runtime.store.get<Partial<ConversationReference>>('references', `msteams:${AGENTS_CHANNEL}`))?.value;

test("an activity from another channel naming the agents' channel changes no reference, and no case card reaches its sender", async () => {
  await send(bot, teamsActivity(bot, channelThread(AGENTS_CHANNEL, '100'), eve, mentioning('hello')));
  const before = await agentsChannel();
  expect(before?.serviceUrl).toBe(bot.connector.url);

  const forged = { ...teamsActivity(bot, channelThread(AGENTS_CHANNEL, '101'), eve, { type: 'message', text: 'hi' }), channelId: 'emulator', serviceUrl: attacker.url };
  await bot.post(forged);
  expect(await agentsChannel()).toEqual(before);

  await availableAgent(bot, 'agent-eve');
  const caseId = caseIdOf(await requestAgent(bot.conversation('hijack-victim'), 'my card was charged twice'));
  await bot.app.runtime.delivery.drainNow();
  expect(JSON.stringify(attacker.calls)).not.toContain(caseId);
});

test("an unauthenticated activity of the agents' channel cannot move its reference to another host", async () => {
  const before = await agentsChannel();
  const forged = teamsActivity(bot, channelThread(AGENTS_CHANNEL, '102'), eve, { ...mentioning('hello'), serviceUrl: attacker.url });
  await bot.post(forged);
  expect((await agentsChannel())?.serviceUrl).toBe(before?.serviceUrl);

  const caseId = caseIdOf(await requestAgent(bot.conversation('hijack-victim-2'), 'refund please'));
  await bot.app.runtime.delivery.drainNow();
  expect(JSON.stringify(attacker.calls)).not.toContain(caseId);
});

test("a customer's notice target is not moved to another host by someone claiming to be them", async () => {
  const ana = bot.conversation('ana');
  await ana.say('hello');
  const key = 'customer:contoso:u-ana';
  const before = (await bot.app.runtime.store.get<Partial<ConversationReference>>('references', key))?.value;
  expect(before?.serviceUrl).toBe(bot.connector.url);
  await bot.post({ ...ana.activity({ type: 'message', text: 'hello again' }), serviceUrl: attacker.url });
  expect((await bot.app.runtime.store.get<Partial<ConversationReference>>('references', key))?.value?.serviceUrl).toBe(before?.serviceUrl);
});
