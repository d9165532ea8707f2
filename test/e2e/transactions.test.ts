import type { AuditRecord } from '../../src/domain/accounts';
import type { CaseRecord } from '../../src/escalation';
import { StorageUnavailableError } from '../../src/storage/ports';
import { findButton, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { availableAgent, tuesday } from './escalationChat';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
});

afterAll(async () => {
  await bot.stop();
});

const cases = async () => (await bot.app.runtime.store.list<CaseRecord>('cases')).map((doc) => doc.value);

test('20 concurrent presses of one "Send to an agent" button make one case, announced once', async () => {
  const eve = await availableAgent(bot, 'agent-eve');
  const user = bot.conversation('impatient-visitor');
  await user.join();
  const confirm = await user.submit({ verb: 'agent' });
  const send = findButton(confirm, 'Send to an agent').data;
  const before = (await cases()).length;
  const eveBefore = bot.connector.activitiesFor(eve.id).length;

  const replies = await Promise.all(Array.from({ length: 20 }, () => user.submit(send)));

  const mine = (await cases()).slice(before).filter((record) => record.case.user.conversationKey.endsWith(user.id));
  expect(mine).toHaveLength(1);
  const caseId = mine[0]!.case.id;
  const told = replies.map(proseOf);
  expect(told.filter((text) => text.includes(`Case ${caseId} is open`))).toHaveLength(1);
  expect(told.every((text) => text.includes(caseId))).toBe(true);
  const cards = bot.connector.activitiesFor(eve.id).slice(eveBefore).filter((activity) => JSON.stringify(activity).includes(caseId));
  expect(cards).toHaveLength(1);
  await user.click('Leave the queue', replies.find((reply) => proseOf(reply).includes('is open'))!);
});

test('20 concurrent presses of one Confirm apply the change once and audit it once', async () => {
  const ana = bot.conversation('ana');
  await ana.join();
  const proposal = await ana.say('turn off auto-renew for AutoCAD');
  const outcomes = await Promise.all(Array.from({ length: 20 }, () => ana.click('Confirm', proposal)));
  expect(outcomes.map(proseOf).filter((text) => !/already|no longer active/i.test(text))).toHaveLength(1);
  const audit = (await bot.app.runtime.store.list<AuditRecord>('audit')).map((doc) => doc.value).filter((entry) => 'before' in entry);
  expect(audit.filter((entry) => entry.action === 'set-auto-renew' && entry.target === 'C-100')).toHaveLength(1);
});

test('a turn whose commit fails changes nothing, sends no half answer, and the same button works afterwards', async () => {
  const ana = bot.conversation('ana');
  await ana.join();
  const proposal = await ana.say('turn on auto-renew for AutoCAD');
  const store = bot.app.runtime.store;
  const commit = store.commit.bind(store);
  store.commit = async () => {
    store.commit = commit;
    throw new StorageUnavailableError('The disk is full (simulated).');
  };
  const failed = proseOf(await ana.click('Confirm', proposal));
  expect(failed).toMatch(/something went wrong/i);
  expect(failed).not.toMatch(/auto-renew is now|already/i);
  expect(proseOf(await ana.say('when does our AutoCAD renew?'))).toMatch(/auto-renew (is )?off/i);

  const retried = proseOf(await ana.click('Confirm', proposal));
  expect(retried).not.toMatch(/already|no longer active/i);
  expect(proseOf(await ana.say('when does our AutoCAD renew?'))).toMatch(/auto-renew (is )?on/i);
});

test('a refused action is audited with who, what and why, and nothing of what they may not see', async () => {
  const dev = bot.conversation('dev');
  await dev.join();
  const reply = await dev.say('turn off auto-renew for Revit');
  expect(proseOf(reply)).not.toMatch(/Confirm/);
  const audit = (await bot.app.runtime.store.list<Record<string, unknown>>('audit')).map((doc) => doc.value);
  const refusal = audit.find((entry) => (entry['who'] as { id?: string } | undefined)?.id === 'u-dev');
  expect(refusal).toMatchObject({ action: 'set-auto-renew', outcome: expect.stringMatching(/refused|not-found/), tenant: 'contoso' });
  expect(JSON.stringify(refusal)).not.toMatch(/4242|January 15, 2027|2027-01-15/);
});
