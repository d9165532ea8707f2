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
    ['fay', 'compare AutoCAD vs Civil 3D renewal dates', [/no "Civil 3D" subscription/, /February 1, 2027/], [/March 31, 2027/]],
    ['fay', 'How many seats does our Design team have?', [/no team called "Design"/, /Shop Floor/], [/Field Ops/]],
    ['ana', 'Do we have a Marketing team set up?', [/no team called "Marketing"/, /Field Ops/], []],
    ['dev', 'Do I have 3ds Max and Alias?', [/no "3ds Max" or "Alias"/], []],
    ['dev', 'when does my Revit expire', [/December 20, 2026/], [/not available to you/]],
    ['fay', 'any over-assignment?', [/No subscription is over-assigned/, /under-assigned: 1 of 3/], []],
    ['dev', 'turn off auto renew', [/not available to you/, /Ana Ruiz/], [/Which one do you mean/]],
    ['chloe', 'turn off auto renew', [/not available to you/, /Ana Ruiz/], [/Which one do you mean/]],
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
    const audit = (await bot.app.runtime.store.list<AuditRecord>('audit')).map((doc) => doc.value).filter((entry) => 'before' in entry);
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

describe('menu leaves with an account answer', () => {
  const walkToFromAutodesk = async (chat: Conversation) => {
    await chat.click('Get Help');
    for (const label of ['Post-purchase support', 'Subscription management', 'Billing & orders', 'Update billing info']) await chat.click(label);
    return chat.click('From Autodesk');
  };

  test('Ana at From Autodesk sees the article and her payment method on file', async () => {
    const prose = proseOf(await walkToFromAutodesk(await chatAs('ana')));
    expect(prose).toMatch(/Did this help\?/);
    expect(prose).toMatch(/Visa ending 4242/);
  });

  test('Dev at the same leaf sees the article and no billing details', async () => {
    const prose = proseOf(await walkToFromAutodesk(await chatAs('dev')));
    expect(prose).toMatch(/Did this help\?/);
    expect(prose).not.toMatch(/4242|5454/);
  });

  test('a visitor at the same leaf sees only the article', async () => {
    const prose = proseOf(await walkToFromAutodesk(await chatAs('visitor')));
    expect(prose).toMatch(/Did this help\?/);
    expect(prose).not.toMatch(/can't see an account|4242/);
  });
});

describe('recognising subscriptions and asking which one', () => {
  test('an ambiguous name gets "which one" buttons, and a button answers for that one', async () => {
    const chat = await chatAs('ana');
    const question = await chat.say('when does our collection renew?');
    expect(proseOf(question)).toMatch(/Which one/);
    const titles = buttonsOf(question).map((b) => b.title).join(' | ');
    expect(titles).toMatch(/Architecture, Engineering & Construction Collection|AEC/);
    expect(titles).toMatch(/Product Design & Manufacturing Collection|PDM Collection/);
    const answer = await chat.click(/Product Design & Manufacturing Collection|PDM Collection/);
    expect(proseOf(answer)).toMatch(/September 30, 2027/);
  });

  test.each<[string, string, RegExp, RegExp, RegExp]>([
    ['ana', 'when does my subscription renew?', /Revit \(S-121\)/, /Revit \(S-121\)/, /December 20, 2026/],
    ['ana', 'how much will our subscription cost to renew?', /AutoCAD \(S-102\)/, /AutoCAD \(S-102\)/, /\$10,125/],
    ['ana', 'which team is our subscription in?', /Civil 3D \(S-201\)/, /Civil 3D \(S-201\)/, /Field Ops/],
    ['ana', 'renew my contract early', /Product Design & Manufacturing Collection \(S-111\)/, /Product Design & Manufacturing Collection/, /July 2, 2027/],
    ['dev', 'when does my subscription renew?', /^(?![\s\S]*AutoCAD)[\s\S]*Revit \(S-121\)/, /Architecture/, /January 15, 2027/],
  ])('%s: "%s" among several asks which one with their own buttons, and the button completes the question', async (user, question, buttons, pick, answer) => {
    const chat = await chatAs(user);
    const asked = await chat.say(question);
    expect(proseOf(asked)).toMatch(/Which one/);
    expect(buttonsOf(asked).map((b) => b.title).join(' | ')).toMatch(buttons);
    expect(proseOf(await chat.click(pick))).toMatch(answer);
  });

  test.each<[string, string, RegExp[], RegExp]>([
    ['fay', 'when does my subscription renew?', [/February 1, 2027/], /Which one/],
    ['fay', 'is auto-renewal switched on for us?', [/auto-renew is on/i], /Which one|\[Confirm\]/],
    ['fay', 'turn off auto-renew', [/\[Confirm\]/], /Which one/],
    ['ana', 'when do AutoCAD and Civil 3D renew?', [/January 15, 2027/, /March 31, 2027/], /Which one/],
    ['ben', 'do we have Moldflow?', [/no "Moldflow"/], /Which one/],
  ])('%s: "%s" needs no choice', async (user, question, expected, unwanted) => {
    const reply = await ask(user, question);
    for (const pattern of expected) expect(reply).toMatch(pattern);
    expect(reply).not.toMatch(unwanted);
  });

  test.each([
    ['civil', 'ben', /March 31, 2027/],
    ['S-102', 'ana', /January 15, 2027/],
    ['the aec collection', 'ana', /January 15, 2027/],
  ])('"%s" is recognised for %s', async (name, user, expected) => {
    expect(await ask(user, `when does ${name} renew for us?`)).toMatch(expected);
  });
});

describe('the other actions', () => {
  test('renewing C-100 early records an order and moves the renewal date a year on', async () => {
    const chat = await chatAs('ana');
    await chat.say('renew C-100 early');
    await chat.click('Renew C-100 early');
    expect(buttonsOf(chat.last).map((b) => b.title)).toContain('Confirm');
    const done = proseOf(await chat.click('Confirm'));
    expect(done).toMatch(/January 15, 2028/);
    const history = proseOf(await chat.say('show our purchase history for C-100'));
    expect(history).toMatch(/O-9\d{3}/);
    expect(history).toMatch(/2026/);
  });

  test('moving AutoCAD to the Design team is confirmed, then reported', async () => {
    const chat = await chatAs('chloe');
    await chat.say('move our AutoCAD subscription to the Design team');
    expect(buttonsOf(chat.last).map((b) => b.title)).toContain('Confirm');
    await chat.click('Confirm');
    expect(proseOf(await chat.say('which team is our AutoCAD in?'))).toMatch(/Design/);
  });

  test("Dev may not move subscriptions, and is told who can", async () => {
    const reply = await ask('dev', 'move our Revit subscription to the Field Ops team');
    expect(reply).toMatch(/Ana Ruiz|admin/);
    expect(reply).not.toMatch(/\[Confirm\]/);
  });

  test("unassigning the contract manager's unused seat", async () => {
    const chat = await chatAs('ana');
    await chat.say("unassign the contract manager's unused AutoCAD seat");
    await chat.click('Confirm');
    expect(proseOf(chat.last)).toMatch(/unassign|removed|freed/i);
  });
});

test('an unidentified person asking about "my" renewal gets no account data, but the general article when search is sure', async () => {
  const reply = await ask('visitor', 'when does my subscription auto-renew?');
  expect(reply).toMatch(/can't see an account/i);
  expect(reply).toMatch(/Did this help\?/);
  expect(reply).not.toMatch(/20(26|27)/);
});

describe('general questions from identified customers', () => {
  test('a general question that names a report gets the article and, under it, their own figures', async () => {
    const reply = await ask('ana', 'token usage by team');
    expect(reply).toMatch(/Did this help\?/);
    expect(reply).toMatch(/F-300[\s\S]*120|120[\s\S]*F-300/);
  });

  test('when their role shows nothing, the article comes back with a plain "you can\'t see that" naming who can', async () => {
    const reply = await ask('dev', 'purchase history');
    expect(reply).toMatch(/Did this help\?/);
    expect(reply).toMatch(/not available to you/);
    expect(reply).toMatch(/Ana Ruiz \(primary admin\)/);
    expect(reply).not.toMatch(/O-900\d/);
  });

  test.each([
    ['I want to cancel our AutoCAD subscription and get a refund', /Tax and refunds aren't covered/],
    ['how do I add a new user to our Design team', /Adding and inviting users isn't covered/],
    ["move our revit licence to Dev's new laptop", /Installing, moving or running the software isn't covered/],
  ])('%j, a topic the articles leave out, says where it goes rather than showing the nearest account view', async (question, note) => {
    const reply = await ask('ana', question);
    expect(reply).toMatch(note);
    expect(reply).not.toMatch(/Your subscriptions|Subscriptions and their teams/);
  });

  test('token usage for a product Flex tokens paid for is read from the report, not taken for a missing subscription', async () => {
    const reply = await ask('ana', 'token usage for Inventor');
    expect(reply).toMatch(/Inventor 80/);
    expect(reply).not.toMatch(/You have no/);
  });

  test("a user's own subscriptions say which are single-user", async () => {
    const reply = await ask('dev', 'is my revit licence single-user?');
    expect(reply).toMatch(/Revit \(S-121\): 1 seat \(single-user\)/);
  });

  test('a manual-only contract is not offered auto-renew', async () => {
    const reply = await ask('ana', 'how does our Revit renew?');
    expect(reply).toMatch(/manually/);
    expect(reply).not.toMatch(/\[Turn on auto-renew\]/);
  });
});

describe('a product of their company that their role does not show them', () => {
  test.each<[string, string, RegExp[], RegExp[]]>([
    ['dev', 'turn off auto-renew for AutoCAD', [/not available to you/, /Ana Ruiz \(primary admin\)/], [/couldn't find "AutoCAD"/, /\[Confirm\]/, /January 15, 2027/]],
    ['dev', 'when does our Civil 3D renew?', [/not available to you/, /Ana Ruiz/], [/March 31, 2027/, /Northwind/]],
    ['fay', 'when does our Civil 3D renew?', [/couldn't find/], [/Ana Ruiz/, /March 31, 2027/]],
  ])('%s: "%s"', async (user, question, must, mustNot) => {
    const reply = await ask(user, question);
    for (const pattern of must) expect(reply).toMatch(pattern);
    for (const pattern of mustNot) expect(reply).not.toMatch(pattern);
  });
});
