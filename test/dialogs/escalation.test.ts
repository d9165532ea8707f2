import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DialogTestClient } from 'botbuilder-testing';
import { createEscalation } from '../../dialogs/escalation';
import { MainDialog } from '../../dialogs/mainDialog';
import { identifySender } from '../../src/bot/identity';
import { Notifier } from '../../src/bot/notifier';
import { outboxMessenger } from '../../src/bot/outboxDelivery';
import { redactIncoming } from '../../src/bot/redaction';
import { turnTransaction } from '../../src/bot/turnTransaction';
import { parseAccountData } from '../../src/domain/accounts/schema';
import { createSupportDesk, type SupportDesk } from '../../src/escalation';
import { createLogger } from '../../src/logger';
import { projectRoot } from '../../src/paths';
import { AccountRepository } from '../../src/storage/accountRepository';
import { transact } from '../../src/storage/unitOfWork';
import type { SentActivity } from '../support/connector';
import { read, turn, type Input } from '../support/transcript';
import { dialogServices } from '../support/services';

/** A conversation with the main dialog and the escalation routes, over an in-memory store with the demo data. */
async function client(options: { agentAvailable?: boolean } = {}): Promise<{ chat: DialogTestClient; support: SupportDesk }> {
  const services = dialogServices();
  const { store } = services;
  const accounts = new AccountRepository(store);
  await accounts.seedIfEmpty(parseAccountData(JSON.parse(readFileSync(join(projectRoot(), 'fixtures/demo-accounts.json'), 'utf8'))));
  const logger = createLogger('silent');
  const messenger = outboxMessenger();
  const support = createSupportDesk({ store, accounts, messenger, clock: services.clock, logger, settings: { timeoutMinutes: 10, handoffTarget: 'agents' } });
  const escalation = createEscalation({ support, messenger, notifier: new Notifier(store, logger, ''), accounts, clock: services.clock, replies: services.replies, logger, requireAuthentication: false });
  if (options.agentAvailable ?? true) await transact(store, (unit) => support.cases.updateDesk(unit, 'a-eve', (desk) => ({ ...desk, available: true })));
  services.features.push(escalation.feature);
  const chat = new DialogTestClient('test', new MainDialog(services), undefined, [redactIncoming(), turnTransaction(store, logger), identifySender(accounts)]);
  return { chat, support };
}

const agentButton = { value: { verb: 'agent' } };
const confirm = { value: { verb: 'escalation', action: 'confirm' } };

describe('escalation transcripts', () => {
  test.each<[string, Input[], RegExp]>([
    ['"talk to a human" asks before sending', ['talk to a human'], /Contact a support agent[\s\S]*\[Send to an agent\] \[Not now\]/],
    ['"I want an agent" asks too', ['I want an agent'], /Contact a support agent/],
    ['"call me" asks too', ['call me'], /Contact a support agent/],
    ['the card shows the last question', ['how do I update my billing info', agentButton], /Question how do I update my billing info/],
    ['a question about contacts is just a question', ['how do I contact my reseller?'], /^(?![\s\S]*Send to an agent)/],
    ['confirming queues the user', [agentButton, confirm], /Case CASE-000001 is open[\s\S]*You're number 1 in the queue[\s\S]*\[Leave the queue\]/],
    ['asking again while waiting repeats the place', [agentButton, confirm, 'talk to a human'], /already in the queue for case CASE-000001: number 1/],
    ['typing cancel while waiting leaves the queue', [agentButton, confirm, 'cancel'], /You've left the queue and case CASE-000001 is closed/],
    ['Not now changes nothing', [agentButton, { value: { verb: 'escalation', action: 'dismiss' } }], /no agent for now/],
    ['a card number is hidden and the user warned', ['my card 4111 1111 1111 1111 was charged twice'], /please don't share card numbers/],
    ['the warning is given once', ['card 4111 1111 1111 1111', 'card 4111 1111 1111 1111'], /^(?![\s\S]*don't share card numbers)/],
    ['a stale case button says so', [{ value: { verb: 'escalation', action: 'cancel', caseId: 'CASE-000099' } }], /moved on/],
    ['the topic of a request becomes its question', ['I need to talk to a human about a double charge'], /Question a double charge/],
    ['an earlier unrelated search is not the question', ['how do I renew early?', 'thanks', 'ok', 'hmm', 'I need to talk to someone about my invoice'], /Question my invoice(?![\s\S]*renew early)/],
    ['a search long ago is not the question either', ['how do I renew early?', 'menu', 'back', 'help', 'talk to a human'], /^(?![\s\S]*Question how do I renew early)[\s\S]*no question yet/],
  ])('%s', async (_name, inputs, expected) => {
    const { chat } = await client();
    let last: SentActivity[] = [];
    for (const input of inputs) last = await turn(chat, input);
    expect(read(last)).toMatch(expected);
  });

  test('an old "Send to an agent" button reports the case it already opened', async () => {
    const { chat } = await client({ agentAvailable: false });
    const card = await turn(chat, agentButton);
    const send = (card.flatMap((activity) => JSON.stringify(activity).match(/"data":\{"verb":"escalation","action":"confirm","token":"[^"]+"\}/g) ?? []))[0]!;
    const data = JSON.parse(send.slice('"data":'.length)) as Record<string, unknown>;
    expect(read(await turn(chat, { value: data }))).toMatch(/Ticket CASE-000001 is created/);
    expect(read(await turn(chat, { value: data }))).toMatch(/already sent as case CASE-000001/);
  });

  test('an invalid email is answered with what is wrong', async () => {
    const { chat } = await client({ agentAvailable: false });
    await turn(chat, agentButton);
    await turn(chat, confirm);
    const reply = read(await turn(chat, { value: { verb: 'escalation', action: 'email', caseId: 'CASE-000001', text: 'ana at contoso' } }));
    expect(reply).toMatch(/"ana at contoso" is not an email address: it needs a name, an @ and a domain/);
  });

  test('with no agent available the user is offered a ticket', async () => {
    const { chat } = await client({ agentAvailable: false });
    expect(read(await turn(chat, agentButton))).toMatch(/Leave a message for support[\s\S]*\[Create a ticket\]/);
    expect(read(await turn(chat, confirm))).toMatch(/Ticket CASE-000001 is created[\s\S]*Where should the reply go\?/);
  });

  test('the case carries what the user searched and the line they added, redacted', async () => {
    const { chat, support } = await client();
    await turn(chat, 'how do I update my billing info');
    await turn(chat, agentButton);
    await turn(chat, { value: { verb: 'escalation', action: 'confirm', text: 'card 4111 1111 1111 1111 failed on order O-9001' } });
    const stored = await support.cases.get('CASE-000001');
    expect(stored?.case.context).toMatchObject({
      question: 'how do I update my billing info',
      searches: ['how do I update my billing info'],
      note: 'card [card ending 1111] failed on order O-9001',
    });
    expect(stored?.case.transcript.filter((entry) => entry.from === 'user').map((entry) => entry.text)).toEqual(['how do I update my billing info']);
    expect(stored?.case.transcript.filter((entry) => entry.from === 'bot').map((entry) => entry.text)[0]).toMatch(/^Update billing info/);
  });
});
