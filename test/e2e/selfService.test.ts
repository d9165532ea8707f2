import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileNameFor } from '../../src/storage/lowdb/documentFiles';
import { buttonsOf, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start();
});

afterAll(async () => {
  await bot.stop();
});

describe('welcome and the Get Help menu', () => {
  test('a new conversation is greeted with the three ways in', async () => {
    const replies = await bot.conversation('visitor').join();
    expect(proseOf(replies)).toMatch(/subscriptions, renewals and billing/);
    expect(buttonsOf(replies).map((b) => b.title)).toEqual(['Get Help', 'Search articles', 'Contact a support agent']);
  });

  test("walking the seed's path by clicking the card buttons ends in an answer with feedback", async () => {
    const chat = bot.conversation('walker');
    await chat.join();
    await chat.click('Get Help');
    for (const label of ['Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info']) {
      await chat.click(label);
      expect(proseOf(chat.last)).toContain(label);
    }
    expect(proseOf(chat.last)).toContain('Get Help > Post-purchase support > Subscription management > Billing & orders > Update billing info');
    expect(buttonsOf(chat.last).map((b) => b.title)).toEqual(expect.arrayContaining(['From Autodesk', 'From a reseller', 'Back', 'Home']));

    const answer = await chat.click('From Autodesk');
    expect(proseOf(answer)).toMatch(/Did this help\?/);
    expect(buttonsOf(answer).map((b) => b.title)).toEqual(expect.arrayContaining(['Yes', 'No', 'Contact a support agent']));

    const thanks = await chat.click('Yes');
    expect(proseOf(thanks)).toMatch(/glad/i);
    const feedback = await bot.app.runtime.store.list<{ article: string; helpful: boolean }>('feedback');
    expect(feedback.map((doc) => doc.value)).toContainEqual(expect.objectContaining({ helpful: true }));
  });

  test('Back goes one level up and Home returns to the top', async () => {
    const chat = bot.conversation('navigator');
    await chat.join();
    await chat.click('Get Help');
    await chat.click('Post-purchase support');
    await chat.click('Subscription management');
    await chat.click('Back');
    expect(proseOf(chat.last)).toMatch(/Post-purchase support$/m);
    await chat.click('Home');
    expect(buttonsOf(chat.last).map((b) => b.title)).toContain('Post-purchase support');
  });

  test('free text inside the menu is answered by search and keeps the place', async () => {
    const chat = bot.conversation('wanderer');
    await chat.join();
    await chat.click('Get Help');
    await chat.click('Post-purchase support');
    await chat.click('Subscription management');
    const answer = await chat.say('can I renew early?');
    expect(proseOf(answer)).toMatch(/90 days/);
    expect(buttonsOf(answer).map((b) => b.title)).toContain('Back to Subscription management');
    const back = await chat.say('back');
    expect(buttonsOf(back).map((b) => b.title)).toContain('Subscription management');
  });

  test.each([
    ['menu', /Post-purchase support/],
    ['get help', /Post-purchase support/],
    ['help', /What I can do/],
    ['start over', /account help bot/],
    ['cancel', /cancelled/],
  ])('the global command "%s" works mid-menu', async (command, expected) => {
    const chat = bot.conversation('commander');
    await chat.join();
    await chat.click('Get Help');
    await chat.click('Post-purchase support');
    const replies = await chat.say(command);
    expect(proseOf(replies) + buttonsOf(replies).map((b) => b.title).join(' ')).toMatch(expected);
  });
});

describe('search outcomes', () => {
  test('an out-of-scope question gets the honest fallback and is kept for authors', async () => {
    const chat = bot.conversation('curious');
    await chat.join();
    const replies = await chat.say('What is the capital of Australia?');
    expect(proseOf(replies)).toMatch(/couldn't find an answer/);
    expect(proseOf(replies)).not.toMatch(/Did this help/);
    expect(buttonsOf(replies).map((b) => b.title)).toEqual(expect.arrayContaining(['Get Help', 'Contact a support agent']));
    const unanswered = await bot.app.runtime.store.list<{ query: string }>('unanswered');
    expect(unanswered.map((doc) => doc.value.query)).toContain('What is the capital of Australia?');
  });

  test('"No" on an answer asks why and stores the reason', async () => {
    const chat = bot.conversation('critic');
    await chat.join();
    await chat.say('where is my purchase history?');
    await chat.click('No');
    expect(proseOf(chat.last)).toMatch(/What went wrong/);
    await chat.click("It didn't answer my question");
    const feedback = await bot.app.runtime.store.list<{ reason?: string }>('feedback');
    expect(feedback.map((doc) => doc.value.reason)).toContain('not-answered');
  });
});

describe('bad input never crashes the bot', () => {
  test('malformed JSON gets a 400 and the server keeps serving', async () => {
    const response = await bot.post('{"type": "message", ', 'application/json');
    expect(response.status).toBe(400);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  test.each([
    ['a JSON array', []],
    ['no type', { channelId: 'x', serviceUrl: 'http://x', conversation: { id: 'c' } }],
    ['no conversation', { type: 'message', channelId: 'x', serviceUrl: 'http://x', from: { id: 'u' } }],
    ['a message without from', { type: 'message', channelId: 'x', serviceUrl: 'http://x', conversation: { id: 'c' } }],
  ])('an activity with %s gets a 400', async (_label, body) => {
    const response = await bot.post(body);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Invalid activity/);
  });

  test('a body over the size limit is refused with 413', async () => {
    const response = await bot.post({ type: 'message', text: 'x'.repeat(300 * 1024) });
    expect(response.status).toBe(413);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  test.each([
    ['an unknown verb', { verb: 'launch-rockets' }],
    ['a menu node that does not exist', { verb: 'menu', node: 'no-such-node' }],
    ['an article that does not exist', { verb: 'article', id: 'gone-article' }],
    ['a confirmation nobody asked for', { verb: 'confirm', token: 'old-token', accept: true }],
    ['a payload that is not an object', 'just a string'],
  ])('%s gets "that button is no longer active" and the menu', async (_label, value) => {
    const chat = bot.conversation('clicker');
    await chat.join();
    const replies = await chat.submit(value);
    expect(proseOf(replies)).toMatch(/no longer active/);
    expect(buttonsOf(replies).map((b) => b.title)).toContain('Post-purchase support');
  });

  test('a 20,000-character message is answered without error', async () => {
    const chat = bot.conversation('paster');
    await chat.join();
    const replies = await chat.say(`How do I renew early? ${'lorem ipsum dolor '.repeat(1200)}`.slice(0, 20000));
    expect(replies.length).toBeGreaterThan(0);
    expect(proseOf(replies)).not.toMatch(/something went wrong/i);
  });

  test('a turn that throws gets an apology, an agent offer and a log line with context', async () => {
    const chat = bot.conversation('unlucky');
    await mkdir(join(bot.dataDir, 'state'), { recursive: true });
    await writeFile(join(bot.dataDir, 'state', fileNameFor(`emulator/conversations/${chat.id}/`)), '{ this is not json');
    const replies = await chat.say('how do I renew early?');
    expect(proseOf(replies)).toMatch(/Sorry, something went wrong/);
    expect(buttonsOf(replies).map((b) => b.title)).toContain('Contact a support agent');
    const line = bot.logs.find((log) => log.msg === 'turn failed' && log.conversationId === chat.id);
    expect(line).toMatchObject({ activityType: 'message', level: 'error' });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
