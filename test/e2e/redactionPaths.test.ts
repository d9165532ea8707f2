import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BotHarness, type Conversation } from '../support/harness';
import { hostileCards, lookalikes } from '../unit/escalation/redactionFormats';
import { acceptData, availableAgent, caseIdOf, requestAgent, storedCase, tuesday } from './escalationChat';

/**
 * Issue 11's acceptance for redaction: at least 500 generated card numbers, in every hostile format, sent
 * through each input path of the real server (message text, a card input, the display name, a live chat
 * with an agent both ways), appear nowhere in DATA_DIR, the logs (at debug) or anything the bot sent.
 */

const cards = hostileCards(4); // 18 formats x 7 schemes x 4 = 504
const perMessage = 6;
const batches = Array.from({ length: Math.ceil(cards.length / perMessage) }, (_, i) => cards.slice(i * perMessage, (i + 1) * perMessage));
const messageOf = (batch: typeof cards) => batch.map((card) => card.message).join(' | ');

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday, LOG_LEVEL: 'debug', RATE_LIMIT_PER_CONVERSATION: '1000' } });
});

afterAll(async () => {
  await bot.stop();
});

/** Every stored byte, log line and sent activity, as one string of the digits they hold (read as NFKC, JSON escapes decoded). */
async function digitsEverywhere(): Promise<{ stored: string; logs: string; sent: string }> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(await readFile(path, 'utf8'));
    }
  };
  await walk(bot.dataDir);
  return { stored: digitsOf(files.join('\n')), logs: digitsOf(JSON.stringify(bot.logs)), sent: digitsOf(JSON.stringify(bot.connector.calls)) };
}

function digitsOf(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\[nrtbf]/g, ' ')
    .normalize('NFKC')
    .replace(/\D/g, '');
}

describe(`${cards.length} card numbers in each input path`, () => {
  let eve: Conversation;

  test('message text, from a visitor searching', async () => {
    const visitor = bot.conversation('visitor-text');
    for (const batch of batches) await visitor.say(`my card ${messageOf(batch)} was charged twice`);
  });

  test('a card input: "None of these" and the note sent with an escalation', async () => {
    const visitor = bot.conversation('visitor-card-input');
    for (const batch of batches) await visitor.submit({ verb: 'none-of-these', query: messageOf(batch).slice(0, 500) });
    const noted = bot.conversation('visitor-note');
    await requestAgent(noted, messageOf(cards.slice(0, 40)).slice(0, 2000));
  });

  test('the display name, in every conversation it opens and in a case', async () => {
    for (const [index, batch] of batches.entries()) {
      const named = bot.conversation(`visitor-name-${index}`, { userName: messageOf(batch) });
      await named.join();
      await named.say('How do I renew early?');
    }
    const asking = bot.conversation('visitor-name-case', { userName: messageOf(cards.slice(0, 20)) });
    await requestAgent(asking);
  });

  test('a live chat with an agent, both ways', async () => {
    eve = await availableAgent(bot, 'agent-eve');
    const user = bot.conversation('visitor-live', { userName: 'Visitor' });
    const caseId = caseIdOf(await requestAgent(user));
    await eve.submit(acceptData(caseId));
    for (const [index, batch] of batches.entries()) {
      await (index % 2 === 0 ? user : eve).say(messageOf(batch));
    }
    expect((await storedCase(bot, caseId)).transcript.length).toBeGreaterThanOrEqual(batches.length);
  });

  test('none of them is in DATA_DIR, the logs or what the bot sent', async () => {
    const everywhere = await digitsEverywhere();
    expect(everywhere.stored.length).toBeGreaterThan(1000);
    const leaks = Object.entries(everywhere).flatMap(([where, digits]) =>
      cards.filter((card) => digits.includes(card.digits)).map((card) => `${where}: ${card.format}, ${card.brand}`),
    );
    expect(leaks).toEqual([]);
  });
});

describe('what is not a card number passes through', () => {
  test('500 generated order ids, dates and phone numbers reach the agent unchanged', async () => {
    const eve = await availableAgent(bot, 'agent-raj');
    const user = bot.conversation('visitor-lookalikes', { userName: 'Visitor' });
    const caseId = caseIdOf(await requestAgent(user));
    await eve.submit(acceptData(caseId));
    const samples = lookalikes(500);
    for (let i = 0; i < samples.length; i += 10) await user.say(samples.slice(i, i + 10).join('\n'));
    const relayed = (await storedCase(bot, caseId)).transcript.filter((line) => line.from === 'user').map((line) => line.text).join('\n');
    for (const sample of samples) expect(relayed).toContain(sample);
  });
});
