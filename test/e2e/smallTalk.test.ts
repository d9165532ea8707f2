import { proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
});
afterAll(async () => {
  await bot.stop();
});

async function reply(user: string, text: string): Promise<string> {
  const chat = bot.conversation(user);
  await chat.join();
  return proseOf(await chat.say(text));
}

describe('conversation basics get a short friendly reply, not "couldn\'t find"', () => {
  test.each<[string, string, RegExp]>([
    ['visitor', 'hi', /^Hello! Ask me about subscriptions/],
    ['ana', 'hello', /^Hello Ana!/],
    ['visitor', 'thanks!', /You're welcome/],
    ['visitor', 'bye', /Goodbye/],
    ['visitor', 'what else can you do?', /I answer questions about subscriptions/],
    ['visitor', 'are you a bot?', /automated assistant/],
    ['visitor', '¿Cuándo se renueva mi suscripción?', /only answer questions in English/],
    ['visitor', 'Wie kann ich meine Zahlungsmethode ändern?', /only answer questions in English/],
  ])('%s: "%s"', async (user, text, expected) => {
    const prose = await reply(user, text);
    expect(prose).toMatch(expected);
    expect(prose).not.toMatch(/couldn't find an answer/i);
  });

  test('a visitor asking about "our" account is told to sign in and gets the general article', async () => {
    const prose = await reply('visitor', 'when does our AutoCAD renew?');
    expect(prose).toMatch(/Sign in/);
    expect(prose).toMatch(/Did this help\?/);
    expect(prose).not.toMatch(/January 15, 2027/);
  });
});
