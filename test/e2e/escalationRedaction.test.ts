import type { SentActivity } from '../support/connector';
import { BotHarness, type Conversation } from '../support/harness';
import { generatedCards } from '../unit/escalation/generatedCards';
import { acceptData, availableAgent, caseIdOf, mark, received, requestAgent, storedCase, tuesday } from './escalationChat';

let bot: BotHarness;
let ana: Conversation;
let eve: Conversation;
let caseId: string;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday, LOG_LEVEL: 'debug' } });
  eve = await availableAgent(bot, 'agent-eve');
  ana = bot.conversation('ana', { userName: 'Ana Ruiz' });
  caseId = caseIdOf(await requestAgent(ana));
  await eve.submit(acceptData(caseId));
});

afterAll(async () => {
  await bot.stop();
});

/**
 * Sends a line and returns the relayed lines that reached the other side of the live chat. Cards are left
 * out: Ana is a primary admin, and the expiration check that runs a second after start may send her a notice
 * at any moment.
 */
async function relay(from: Conversation, to: Conversation, text: string): Promise<string> {
  const before = mark(bot);
  await from.say(text);
  return received(bot, to, before)
    .flatMap((activity: SentActivity) => (activity.text === undefined ? [] : [activity.text]))
    .join('\n');
}

const cards = generatedCards(30); // 7 brands x 30 = 210 numbers, every format and sentence
const digitRuns = (typed: string) => [typed, typed.replace(/\D/g, '')];

describe('card numbers in a live chat', () => {
  test(`${cards.length} generated card numbers never reach the agent, the transcript or the logs`, async () => {
    expect(cards.length).toBeGreaterThanOrEqual(200);
    const leaks: string[] = [];
    for (const card of cards) {
      const seen = await relay(ana, eve, card.message);
      if (!seen.startsWith('Ana Ruiz: ') || !seen.includes(`[card ending ${card.digits.slice(-4)}]`)) leaks.push(`${card.brand} ${card.format}: ${seen}`);
      if (digitRuns(card.typed).some((run) => seen.includes(run))) leaks.push(`${card.brand} ${card.format}: ${seen}`);
    }
    expect(leaks).toEqual([]);

    const transcript = JSON.stringify((await storedCase(bot, caseId)).transcript);
    const logs = JSON.stringify(bot.logs);
    for (const card of cards) {
      for (const run of digitRuns(card.typed)) {
        expect(transcript).not.toContain(run);
        expect(logs).not.toContain(run);
      }
    }
  });

  test('what the agent types is redacted too', async () => {
    expect(await relay(eve, ana, 'Is it 5500 0000 0000 0004 with cvv 123?')).toBe('Eve Sato: Is it [card ending 0004] with cvv [removed]?');
  });

  test.each([
    'order O-9001 from 2026-01-15',
    'contract C-100, subscriptions S-101 and S-102',
    'renews 12/01/2026',
    'between 2026-12-01 2026-12-20 2027-01-15',
    'call +1 555 0100',
    'call (555) 010-0199',
    'call 555-010-0199 or 555-010-0100',
    'call +44 20 7946 0958',
    'totals 4687500 1260000 305000',
    'paid with Visa ending 4242',
  ])('left intact: %j', async (text) => {
    expect(await relay(ana, eve, text)).toBe(`Ana Ruiz: ${text}`);
    expect((await storedCase(bot, caseId)).transcript.at(-1)?.text).toBe(text);
  });

  test('the user was warned once, kindly', async () => {
    const warnings = bot.connector
      .activitiesFor(ana.id)
      .filter((activity) => JSON.stringify(activity).includes("please don't share card numbers"));
    expect(warnings).toHaveLength(1);
  });
});
