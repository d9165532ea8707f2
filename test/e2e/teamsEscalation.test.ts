import { buttonsOf, findButton, proseOf } from '../support/cards';
import type { SentActivity } from '../support/connector';
import { BotHarness } from '../support/harness';
import { caseIdOf, mark, requestAgent, tuesday, updates } from './escalationChat';
import { AGENTS_CHANNEL, channelThread, eve, mentioning, personalChat, send, teamsActivity } from './teamsSupport';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
});

afterAll(async () => {
  await bot.stop();
});

/** Presses a card button the way Teams does for Action.Execute: an adaptiveCard/action invoke with its data. */
function press(place: ReturnType<typeof personalChat>, data: unknown): Record<string, unknown> {
  const verb = (data as { verb?: string }).verb ?? 'submit';
  return teamsActivity(bot, place, eve, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
}

/** The kinds of the card buttons: Action.Execute in Teams, Action.Submit elsewhere. */
const buttonKinds = (activities: SentActivity[]): string[] =>
  [...JSON.stringify(activities).matchAll(/"type":"(Action\.(?:Execute|Submit))"/g)].map((match) => match[1] ?? '');

test('an escalation reaches Eve in Teams as a card with Action.Execute, and taking it updates the card in place', async () => {
  const channel = channelThread(AGENTS_CHANNEL, '200');
  await send(bot, teamsActivity(bot, channel, eve, mentioning('hello')));

  const personal = personalChat('a:eve-personal');
  const home = await send(bot, teamsActivity(bot, personal, eve, { type: 'message', text: 'hi' }));
  if (buttonsOf(home.sent).some((b) => b.title === 'Go available')) {
    await send(bot, press(personal, findButton(home.sent, 'Go available').data));
  }

  const before = mark(bot);
  const ana = bot.conversation('ana', { userName: 'Ana Ruiz' });
  await ana.join();
  const caseId = caseIdOf(await requestAgent(ana, 'charged twice'));

  const inChannel = bot.connector.activitiesFor(channel.conversation.id.split(';')[0]!, before);
  expect(proseOf(inChannel)).toContain(`${caseId}: Ana Ruiz`);
  expect(buttonKinds(inChannel)).toEqual(['Action.Execute']);

  const beforeAccept = mark(bot);
  const accepted = await send(bot, press(channel, findButton(inChannel, 'Accept').data));
  expect(accepted.status).toBe(200);
  expect((accepted.body as { type: string }).type).toBe('application/vnd.microsoft.activity.message');
  const replaced = updates(bot, beforeAccept);
  expect(replaced.length).toBeGreaterThan(0);
  expect(proseOf(replaced.map((call) => call.activity))).toContain('Taken by Eve Sato');
  expect(proseOf(bot.connector.activitiesFor(ana.id, beforeAccept))).toMatch(/Eve Sato from support joined the chat/);
});
