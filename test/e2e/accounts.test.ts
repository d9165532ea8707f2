import { buttonsOf, proseOf } from '../support/cards';
import { BotHarness, type Conversation } from '../support/harness';
import type { AuditRecord } from '../../src/domain/accounts';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: '2026-12-01T15:00:00Z' } });
});

afterAll(async () => {
  await bot.stop();
});

async function chatAs(user: string): Promise<Conversation> {
  const chat = bot.conversation(user);
  await chat.join();
  return chat;
}

async function ask(user: string, question: string): Promise<string> {
  const chat = await chatAs(user);
  const replies = await chat.say(question);
  return `${proseOf(replies)}\n[${buttonsOf(replies).map((b) => b.title).join('] [')}]`;
}

describe('account answers from the demo data, by role', () => {
  test.each<[string, string, RegExp[], RegExp[]]>([
    ['ana', 'When does our AutoCAD renew?', [/January 15, 2027/, /auto-renew (is )?on/i], []],
    ['ana', 'when does the AEC collection renew?', [/January 15, 2027/], []],
    ['ana', 'what payment method do we have on file for C-100?', [/Visa ending 4242/], []],
    ['ana', 'can we renew C-100 early?', [/C-100/, /\[Renew C-100 early\]/], []],
    ['ana', 'can we renew the Product Design & Manufacturing Collection early?', [/July 2, 2027/], [/\[Renew C-110 early\]/]],
    ['ana', 'what is expiring soon in our account?', [/F-300/, /120/, /December 10, 2026/, /Revit/, /December 20, 2026/], []],
    ['ana', 'is my AutoCAD seat being used?', [/never/i], []],
    ['ben', 'when does our Civil 3D renew?', [/March 31, 2027/, /Northwind CAD Solutions/], []],
    ['ben', 'turn on auto-renew for Civil 3D', [/renewals@northwind\.example/, /\+1 555 0100/], [/\[Confirm\]/]],
    ['ben', 'update the card for our Civil 3D subscription', [/renewals@northwind\.example/, /\+1 555 0100/], []],
    ['ben', 'show our upcoming payments', [/reseller/i], [/4242/, /Visa/]],
    ['ben', 'show our purchase history', [/reseller/i], [/O-9001/, /4242/]],
    ['chloe', 'show our upcoming payments', [/Ana Ruiz/], [/4242/, /\$/]],
    ['chloe', 'show our purchase history', [/Ana Ruiz/], [/O-900\d/]],
    ['chloe', 'are we over-assigned anywhere?', [/Civil 3D/, /over-assigned/i, /8/, /6 seats/, /partial renewal/i, /AEC Collection|Architecture, Engineering/, /under-assigned/i, /7 of 10|7 (users|assigned)/], []],
    ['dev', 'when do our subscriptions renew?', [/Architecture, Engineering & Construction Collection|AEC Collection/, /Revit/], [/AutoCAD/, /Civil 3D/]],
    ['dev', 'show our purchase history', [/Ana Ruiz/], [/O-900\d/]],
    ['dev', 'are we over-assigned anywhere?', [/Ana Ruiz|admin/i], [/Civil 3D/]],
    ['fay', 'when does our AutoCAD renew?', [/February 1, 2027/], [/January 15, 2027/]],
    ['fay', 'when does S-102 renew?', [/couldn't find/i], [/January 15, 2027/, /Contoso/]],
    ['fay', 'when does our Civil 3D renew?', [/couldn't find/i], [/March 31, 2027/]],
    ['visitor', 'when does my subscription renew?', [/can't see an account/i], [/2027/, /2026/]],
  ])('%s asks "%s"', async (user, question, must, mustNot) => {
    const reply = await ask(user, question);
    for (const pattern of must) expect(reply).toMatch(pattern);
    for (const pattern of mustNot) expect(reply).not.toMatch(pattern);
  });
});

describe('account actions behind a confirmation', () => {
  test("Ana turns auto-renew off for AutoCAD; it is reported off and audited once, however often she clicks", async () => {
    const chat = await chatAs('ana');
    const proposal = await chat.say('turn off auto-renew for AutoCAD');
    expect(proseOf(proposal)).toMatch(/auto-renew/i);
    const confirmCard = proposal;
    const [first, second] = await Promise.all([chat.click('Confirm', confirmCard), chat.click('Confirm', confirmCard)]);
    const outcomes = [proseOf(first), proseOf(second)];
    expect(outcomes.filter((text) => /already|no longer active/i.test(text))).toHaveLength(1);
    await chat.click('Confirm', confirmCard);
    expect(proseOf(chat.last)).toMatch(/already|no longer active/i);

    const status = proseOf(await chat.say('when does our AutoCAD renew?'));
    expect(status).toMatch(/auto-renew (is )?off/i);
    const audit = (await bot.app.runtime.store.list<AuditRecord>('audit')).map((doc) => doc.value).filter((entry) => 'action' in entry);
    expect(audit).toEqual([expect.objectContaining({ action: 'set-auto-renew', target: 'C-100', who: { id: 'u-ana', name: 'Ana Ruiz' } })]);
  });

  test('a forged button naming another tenant\'s subscription changes nothing and shows nothing', async () => {
    const chat = await chatAs('ana');
    const replies = await chat.submit({ verb: 'account', intent: 'renewal-status', subscription: 'S-501' });
    expect(proseOf(replies)).toMatch(/couldn't find/i);
    expect(proseOf(replies)).not.toMatch(/February 1, 2027/);
  });

  test('a confirmation token from another conversation is not honoured', async () => {
    const ana = await chatAs('ana');
    const card = await ana.say('turn on auto-renew for AutoCAD');
    const other = await chatAs('ana');
    const replies = await other.click(/Confirm/, card);
    expect(proseOf(replies)).toMatch(/no longer active/i);
  });
});
