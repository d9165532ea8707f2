import { buttonsOf, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { caseIdOf, requestAgent, saturday, storedCase, tuesday } from './escalationChat';

describe('out of hours: a Saturday', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start({ env: { BOT_NOW: saturday } });
  });
  afterAll(async () => {
    await bot.stop();
  });

  test('a request for an agent creates a ticket with the case id and the opening time', async () => {
    const ana = bot.conversation('ana');
    const confirm = await ana.say('talk to a human');
    expect(proseOf(confirm)).toMatch(/Leave a message for support/);
    expect(proseOf(confirm)).toMatch(/support opens again Monday, December 7 at 8:00 AM \(America\/New_York\)/);

    const ticket = await ana.click('Create a ticket');
    const caseId = caseIdOf(ticket);
    expect(proseOf(ticket)).toMatch(new RegExp(`Ticket ${caseId} is created`));
    expect(proseOf(ticket)).toMatch(/it opens again Monday, December 7 at 8:00 AM \(America\/New_York\)/);
    expect(proseOf(ticket)).toMatch(/reply by email to ana@contoso.example/);
    expect((await storedCase(bot, caseId)).status).toBe('ticket');
  });

  test('an unidentified user is asked for an email address', async () => {
    const visitor = bot.conversation('weekend-visitor');
    const ticket = await requestAgent(visitor);
    const caseId = caseIdOf(ticket);
    expect(proseOf(ticket)).toMatch(/Where should the reply go\?/);
    expect(proseOf(await visitor.submit({ ...(buttonsOf(ticket)[0]!.data as object), text: 'not an email' }))).toMatch(/Where should the reply go\?/);
    await visitor.submit({ ...(buttonsOf(ticket)[0]!.data as object), text: 'weekend@example.com' });
    expect(proseOf(visitor.last)).toMatch(/reply to weekend@example.com/);
    expect((await storedCase(bot, caseId)).user.email).toBe('weekend@example.com');
  });
});

describe('within hours but no agent available', () => {
  test('the request becomes a ticket that says no agent is free', async () => {
    const bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
    try {
      const ben = bot.conversation('ben');
      await ben.say('I want an agent');
      const ticket = await ben.click('Create a ticket');
      expect(proseOf(ticket)).toMatch(/No support agent is free to chat right now/);
      expect(proseOf(ticket)).toMatch(/ben@contoso.example/);
    } finally {
      await bot.stop();
    }
  });
});

describe('HANDOFF_TARGET=external', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await BotHarness.start({ env: { BOT_NOW: tuesday, HANDOFF_TARGET: 'external' } });
  });
  afterAll(async () => {
    await bot.stop();
  });

  test('the bot sends handoff.initiate with context and transcript, and follows the hub\'s status events', async () => {
    const ana = bot.conversation('ana');
    await ana.say('why was I charged twice?');
    const started = await requestAgent(ana);
    const caseId = caseIdOf(started);
    const event = started.find((activity) => activity.type === 'event');
    expect(event).toMatchObject({ name: 'handoff.initiate', value: { caseId, user: { name: 'Ana Ruiz', tenant: 'Contoso Engineering' } } });
    const transcript = (event!.attachments ?? [])[0];
    expect(transcript).toMatchObject({ contentType: 'application/json', name: 'Transcript' });
    expect(JSON.stringify(transcript!.content)).toContain('why was I charged twice?');

    expect(proseOf(await ana.turn({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } }))).toMatch(/A support agent has joined/);
    expect(await ana.say('my card 4111 1111 1111 1111 was charged twice')).toEqual([
      expect.objectContaining({ type: 'message' }), // only the card warning: the hub has the conversation
    ]);
    const ended = await ana.turn({ type: 'event', name: 'handoff.status', value: { state: 'completed' } });
    expect(proseOf(ended)).toMatch(/Was your issue resolved\?/);
    const stored = await storedCase(bot, caseId);
    expect(stored.history.map((change) => change.status)).toEqual(['queued', 'accepted', 'ended']);
    expect(stored.transcript.map((entry) => entry.text)).toContain('my card [card ending 1111] was charged twice');
  });

  test('a failed handoff becomes a ticket', async () => {
    const ben = bot.conversation('ben');
    const caseId = caseIdOf(await requestAgent(ben));
    const failed = await ben.turn({ type: 'event', name: 'handoff.status', value: { state: 'failed', message: 'no agents' } });
    expect(proseOf(failed)).toMatch(new RegExp(`Ticket ${caseId} is created`));
    expect((await storedCase(bot, caseId)).status).toBe('ticket');
  });
});
