import { buttonsOf, findButton, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { ContentLog, type FeedbackRecord } from '../../src/storage/contentLog';

let bot: BotHarness;
beforeAll(async () => {
  bot = await BotHarness.start();
});
afterAll(async () => {
  await bot.stop();
});

async function feedbackRecords(): Promise<FeedbackRecord[]> {
  return new ContentLog(bot.app.runtime.store, bot.app.runtime.clock).feedback();
}

describe('"Did this help?" is recorded once per shown answer, with the question that led to it', () => {
  test('pressing an old Yes again updates the first record, and it keeps the earlier question', async () => {
    const chat = bot.conversation('feedback-yes');
    await chat.join();
    const first = await chat.say('Can I renew my subscription early?');
    await chat.say('How can I see my purchase history?');
    const before = (await feedbackRecords()).length;
    await chat.submit(findButton(first, /^Yes/).data);
    await chat.submit(findButton(first, /^Yes/).data);
    const records = (await feedbackRecords()).slice(before);
    expect(records).toEqual([expect.objectContaining({ helpful: true, query: 'Can I renew my subscription early?' })]);
  });

  test('Yes, then No with a reason, on the same card leaves one record saying not helpful', async () => {
    const chat = bot.conversation('feedback-change');
    await chat.join();
    const card = await chat.say('How do I turn off auto-renew?');
    const before = (await feedbackRecords()).length;
    await chat.submit(findButton(card, /^Yes/).data);
    const why = await chat.submit(findButton(card, /^No/).data);
    await chat.submit(findButton(why, /not related/i).data);
    const records = (await feedbackRecords()).slice(before);
    expect(records).toEqual([expect.objectContaining({ helpful: false, reason: 'not-related', query: 'How do I turn off auto-renew?' })]);
  });

  test('an article picked from "Did you mean" keeps the question that was asked', async () => {
    const chat = bot.conversation('feedback-dym');
    await chat.join();
    const offer = await chat.say('admin');
    expect(proseOf(offer)).toMatch(/not sure which/i);
    const choice = buttonsOf(offer).find((button) => (button.data as { verb?: string }).verb === 'article');
    const article = await chat.submit(choice?.data);
    const before = (await feedbackRecords()).length;
    await chat.submit(findButton(article, /^Yes/).data);
    expect((await feedbackRecords()).slice(before)).toEqual([expect.objectContaining({ helpful: true, query: 'admin' })]);
  });
});
