import { buttonsOf, proseOf } from '../support/cards';
import { BotHarness } from '../support/harness';
import { acceptData, availableAgent, caseIdOf, mark, positionIn, received, requestAgent, storedCase, tuesday, updates } from './escalationChat';

let bot: BotHarness;

beforeAll(async () => {
  bot = await BotHarness.start({ env: { BOT_NOW: tuesday } });
});

afterAll(async () => {
  await bot.stop();
});

describe('Eve and Ana: a live chat from request to rating', () => {
  test('context reaches Eve, messages relay both ways redacted, the case is stored and rated, and the bot resumes', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    expect(proseOf(eve.last)).toMatch(/You're available/);

    const ana = bot.conversation('ana', { userName: 'Ana Ruiz' });
    await ana.join();
    const article = await ana.say('how do I update my billing information?');
    await ana.click('No', article);
    await ana.say('why was I charged twice for my renewal?');
    const confirm = await ana.say('I want to talk to a human');
    expect(proseOf(confirm)).toMatch(/Contact a support agent/);
    expect(proseOf(confirm)).toMatch(/recent conversation/);

    const beforeQueue = mark(bot);
    const queued = await ana.click('Send to an agent');
    const caseId = caseIdOf(queued);
    expect(proseOf(queued)).toMatch(/You're number 1 in the queue/);
    expect(buttonsOf(queued).map((b) => b.title)).toContain('Leave the queue');

    const announced = received(bot, eve, beforeQueue);
    const card = proseOf(announced);
    expect(card).toContain(`${caseId}: Ana Ruiz`);
    expect(card).toMatch(/Articles shown\n- .+ \(not helpful\)/);
    for (const fact of ['Contoso Engineering', 'Primary admin', 'ana@contoso.example', 'Waiting for an agent', 'Civil 3D (S-201): renews 2027-03-31, bought through Northwind CAD Solutions']) {
      expect(card).toContain(fact);
    }
    expect(buttonsOf(announced).map((b) => b.title)).toEqual(['Accept']);

    const beforeAccept = mark(bot);
    const accepted = await eve.click('Accept', announced);
    expect(proseOf(accepted)).toMatch(new RegExp(`You're now chatting with Ana Ruiz \\(${caseId}\\)`));
    expect(proseOf(received(bot, ana, beforeAccept))).toMatch(/Eve Sato from support joined the chat/);
    const replaced = updates(bot, beforeAccept);
    expect(replaced).toHaveLength(1);
    expect(proseOf([replaced[0]!.activity])).toContain('Taken by Eve Sato');

    const beforeCard = mark(bot);
    const anaSees = await ana.say('my card 4111 1111 1111 1111 was charged twice');
    expect(proseOf(anaSees)).toMatch(/please don't share card numbers/);
    expect(proseOf(received(bot, eve, beforeCard))).toBe('Ana Ruiz: my card [card ending 1111] was charged twice');

    const beforeReply = mark(bot);
    expect(await eve.say("Sorry about that, I've refunded the second charge.")).toEqual([]);
    expect(proseOf(received(bot, ana, beforeReply))).toBe("Eve Sato: Sorry about that, I've refunded the second charge.");

    const again = mark(bot);
    expect(await ana.say('thanks, my card 4111-1111-1111-1111 is fine now')).toEqual([]);
    expect(proseOf(received(bot, eve, again))).toBe('Ana Ruiz: thanks, my card [card ending 1111] is fine now');

    const beforeEnd = mark(bot);
    const ended = await eve.say('/end');
    expect(proseOf(ended)).toMatch(/You ended the chat with Ana Ruiz/);
    const anaEnd = received(bot, ana, beforeEnd);
    expect(proseOf(anaEnd)).toMatch(/Eve Sato ended the chat[\s\S]*Was your issue resolved\?/);

    await ana.click('Yes', anaEnd);
    expect(buttonsOf(ana.last).map((b) => b.title)).toEqual(['1', '2', '3', '4', '5']);
    await ana.click('5');
    expect(proseOf(ana.last)).toMatch(/Thanks for your feedback/);

    const stored = await storedCase(bot, caseId);
    expect(stored.status).toBe('ended');
    expect(stored.history.map((change) => change.status)).toEqual(['queued', 'accepted', 'ended']);
    expect(stored.resolution).toEqual({ resolved: true, rating: 5 });
    expect(stored.agent).toEqual({ id: 'a-eve', name: 'Eve Sato' });
    // Both sides: the bot's answers before the hand-off are there too, in order.
    const lines = stored.transcript.map((entry) => `${entry.from}: ${entry.text}`);
    expect(lines.findIndex((line) => line.startsWith('bot: Update billing info'))).toBeGreaterThan(lines.indexOf('user: how do I update my billing information?'));
    expect(lines.filter((line) => !line.startsWith('bot: ') || / (joined|ended) the chat$/.test(line))).toEqual([
      'user: how do I update my billing information?',
      'user: why was I charged twice for my renewal?',
      'user: I want to talk to a human',
      'bot: Eve Sato joined the chat',
      'user: my card [card ending 1111] was charged twice',
      "agent: Sorry about that, I've refunded the second charge.",
      'user: thanks, my card [card ending 1111] is fine now',
      'bot: Eve Sato ended the chat',
    ]);
    expect(JSON.stringify(stored)).not.toMatch(/4111/);

    const answer = await ana.say('How do I turn off auto-renew?');
    expect(proseOf(answer)).toMatch(/auto-renew/i);
    expect(proseOf(answer)).toMatch(/Did this help\?/);
  });
});

describe('the queue', () => {
  test('three users queueing at once are told 1, 2 and 3, and move up as cases are accepted', async () => {
    const raj = await availableAgent(bot, 'agent-raj');
    const eve = await availableAgent(bot, 'agent-eve');
    const users = ['ben', 'chloe', 'dev'].map((id) => bot.conversation(id));
    for (const user of users) await user.join();
    const confirms = await Promise.all(users.map((user) => user.submit({ verb: 'agent' })));
    expect(confirms.every((replies) => /Contact a support agent/.test(proseOf(replies)))).toBe(true);

    const queued = await Promise.all(users.map((user) => user.click('Send to an agent')));
    const positions = queued.map(positionIn);
    expect([...positions].sort()).toEqual([1, 2, 3]);
    const inOrder = [1, 2, 3].map((position) => {
      const index = positions.indexOf(position);
      return { chat: users[index]!, caseId: caseIdOf(queued[index]!) };
    });
    const [first, second, third] = inOrder as [(typeof inOrder)[0], (typeof inOrder)[0], (typeof inOrder)[0]];

    const beforeEve = mark(bot);
    await eve.submit(acceptData(first.caseId));
    expect(proseOf(eve.last)).toContain(`(${first.caseId})`);
    expect(positionIn(received(bot, second.chat, beforeEve))).toBe(1);
    expect(positionIn(received(bot, third.chat, beforeEve))).toBe(2);

    const beforeRaj = mark(bot);
    await raj.submit(acceptData(second.caseId));
    expect(positionIn(received(bot, third.chat, beforeRaj))).toBe(1);
    expect(received(bot, first.chat, beforeRaj)).toEqual([]);

    // Leave things as they were: both chats end, the last user leaves the queue.
    await eve.say('/end');
    await raj.say('/end');
    const left = await third.chat.click('Leave the queue', received(bot, third.chat, beforeRaj));
    expect(proseOf(left)).toMatch(/You've left the queue/);
    expect((await storedCase(bot, third.caseId)).status).toBe('cancelled');
  });

  test('typing cancel while waiting leaves the queue', async () => {
    const user = bot.conversation('waiting-visitor');
    await requestAgent(user);
    const caseId = caseIdOf(user.last);
    expect(proseOf(await user.say('cancel'))).toMatch(/left the queue/);
    expect((await storedCase(bot, caseId)).status).toBe('cancelled');
    expect(proseOf(await user.say('can I renew early?'))).toMatch(/90 days/);
  });

  test('an estimated wait is shown once three cases have been accepted', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    for (let i = 1; i <= 3; i++) {
      const earlier = bot.conversation(`earlier-visitor-${i}`);
      await eve.submit(acceptData(caseIdOf(await requestAgent(earlier))));
      await eve.say('/end');
    }
    const user = bot.conversation('estimate-visitor');
    await requestAgent(user);
    expect(proseOf(user.last)).toMatch(/You're number 1 in the queue. Estimated wait: about 1 minute\./);
    await user.click('Leave the queue');
  });

  test('starting over while waiting keeps the place in the queue', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    const user = bot.conversation('restarting-visitor');
    const caseId = caseIdOf(await requestAgent(user));
    expect(proseOf(await user.say('start over'))).toMatch(/account help bot/);
    await eve.submit(acceptData(caseId));
    const before = mark(bot);
    await user.say('hello?');
    expect(proseOf(received(bot, eve, before))).toBe('restarting-visitor: hello?');
    await eve.say('/end');
  });

  test('no agent in time: the user is offered a ticket or to keep waiting', async () => {
    await availableAgent(bot, 'agent-eve');
    const user = bot.conversation('patient-visitor');
    await requestAgent(user);
    const caseId = caseIdOf(user.last);
    const later = (minutes: number) => new Date(bot.app.runtime.clock.now().getTime() + minutes * 60_000);
    // The sweep's notices go out through the outbox; wait for them as a user would.
    const sweep = async (at: Date) => {
      const offered = await bot.app.runtime.support.desk.sweep(at);
      await bot.app.runtime.delivery.drainNow();
      return offered;
    };

    expect(await sweep(later(5))).not.toContain(caseId);
    const before = mark(bot);
    expect(await sweep(later(11))).toContain(caseId);
    const offer = received(bot, user, before);
    expect(proseOf(offer)).toMatch(/No agent has been free to take .* in the last 10 minutes/);
    expect(buttonsOf(offer).map((b) => b.title)).toEqual(['Create a ticket', 'Keep waiting']);

    await user.click('Keep waiting', offer);
    expect(proseOf(user.last)).toMatch(/number \d+/);
    const again = mark(bot);
    expect(await sweep(later(11))).toContain(caseId);
    await user.click('Create a ticket', received(bot, user, again));
    expect(proseOf(user.last)).toMatch(new RegExp(`Ticket ${caseId} is created`));
    await user.submit({ verb: 'escalation', action: 'email', caseId, text: 'visitor@example.com' });
    expect(proseOf(user.last)).toMatch(/reply to visitor@example.com/);
    const stored = await storedCase(bot, caseId);
    expect(stored.history.map((change) => change.status)).toEqual(['queued', 'timed-out', 'queued', 'timed-out', 'ticket']);
    expect(stored.user.email).toBe('visitor@example.com');
  });
});

describe('agents', () => {
  test('an agent asking a question gets the answer, a greeting gets the home card, and /end closes with one short line', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    expect(proseOf(await eve.say('can I renew early?'))).toMatch(/90 days/);
    expect(buttonsOf(await eve.say('hi')).map((b) => b.title)).toContain('Go away');
    const user = bot.conversation('closing-visitor');
    const caseId = caseIdOf(await requestAgent(user));
    await eve.submit(acceptData(caseId));
    const before = mark(bot);
    const ended = await eve.say('/end');
    expect(ended.map((activity) => proseOf([activity]))).toEqual([expect.stringMatching(/^You ended the chat with .*\(CASE-\d+\)\.$/)]);
    expect(updates(bot, before).filter((call) => call.conversationId === eve.id)).toEqual([]);
  });

  test('the home card shows the queue and the agent\'s chat, and availability is kept', async () => {
    const raj = bot.conversation('agent-raj');
    const home = await raj.join();
    expect(proseOf(home)).toMatch(/Agent home: Raj Iyer/);
    expect(proseOf(home)).toMatch(/Waiting cases \d+/);
    const away = await raj.click('Go away');
    expect(proseOf(away)).toMatch(/Status Away/);
    expect(buttonsOf(away).map((b) => b.title)).toEqual(['Go available', 'Waiting cases']);
    expect(proseOf(await raj.click('Go available'))).toMatch(/Status Available/);
  });

  test('/release puts the case back in the queue and the user is told; another agent takes it', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    const raj = await availableAgent(bot, 'agent-raj');
    const user = bot.conversation('released-visitor');
    await requestAgent(user);
    const caseId = caseIdOf(user.last);
    await eve.submit(acceptData(caseId));

    const before = mark(bot);
    expect(proseOf(await eve.say('/release'))).toMatch(new RegExp(`${caseId} is back in the queue`));
    expect(proseOf(received(bot, user, before))).toMatch(/Eve Sato left the chat. You're back in the queue at number 1/);
    expect(proseOf(updates(bot, before).map((call) => call.activity))).toMatch(/Back in the queue/);

    await raj.submit(acceptData(caseId));
    const hello = mark(bot);
    await raj.say('Hi, Raj here.');
    expect(proseOf(received(bot, user, hello))).toBe('Raj Iyer: Hi, Raj here.');

    const bye = mark(bot);
    expect(proseOf(await user.say('end chat'))).toMatch(/You ended the chat[\s\S]*Was your issue resolved\?/);
    expect(proseOf(received(bot, raj, bye))).toMatch(/ended the chat/);
    expect((await storedCase(bot, caseId)).history.map((change) => change.status)).toEqual(['queued', 'accepted', 'released', 'accepted', 'ended']);
  });

  test('cases are announced in the agents\' channel once the bot was added there, and updated when taken', async () => {
    const { Conversation } = await import('../support/harness');
    const channelId = '19:escalations@thread.tacv2';
    const channel = new Conversation(bot, 'agent-raj', {
      channelId: 'msteams',
      activity: {
        conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId: 'tid-support' },
        from: { id: '29:raj', name: 'Raj Iyer', aadObjectId: 'aad-raj-0102' },
        channelData: { tenant: { id: 'tid-support' }, channel: { id: channelId }, team: { id: '19:support-team@thread.tacv2' } },
      },
    }, channelId);
    await channel.turn({ type: 'conversationUpdate', membersAdded: [{ id: 'bot' }] });

    await availableAgent(bot, 'agent-raj');
    const user = bot.conversation('channel-visitor');
    const before = mark(bot);
    await requestAgent(user);
    const caseId = caseIdOf(user.last);
    const posted = received(bot, channel, before);
    expect(proseOf(posted)).toContain(`${caseId}: channel-visitor`);

    const taken = mark(bot);
    const reply = await channel.click('Accept', posted);
    expect(proseOf(reply)).toMatch(/continues in your personal chat/);
    const replaced = updates(bot, taken);
    expect(replaced.map((call) => call.conversationId)).toContain(channelId);
    expect(replaced.every((call) => proseOf([call.activity]).includes('Taken by Raj Iyer'))).toBe(true);

    const ended = await user.click('End chat', received(bot, user, taken));
    expect(proseOf(ended)).toMatch(/You ended the chat[\s\S]*Was your issue resolved\?/);
    expect((await storedCase(bot, caseId)).status).toBe('ended');
  });

  test('/queue lists the waiting cases with Accept buttons', async () => {
    const eve = await availableAgent(bot, 'agent-eve');
    const user = bot.conversation('queued-visitor');
    const caseId = caseIdOf(await requestAgent(user));
    const list = await eve.say('/queue');
    expect(buttonsOf(list).map((b) => b.title)).toContain(`Accept ${caseId}: queued-visitor, waited 0 minutes`);
    await eve.click(new RegExp(`Accept ${caseId}`), list);
    expect(proseOf(eve.last)).toMatch(/You're now chatting with queued-visitor/);
    expect(proseOf(await eve.say('/edn'))).toMatch(/I don't know \/edn; it was not sent to the user/);
    await eve.say('/end');
    expect(proseOf(await eve.say('/transcript'))).toMatch(/You're not in a chat/);
  });
});

describe('asking for a person', () => {
  test('after two failed searches in a row the bot offers an agent by itself', async () => {
    const user = bot.conversation('lost-visitor');
    await user.say('qwzx plok vrrt');
    expect(proseOf(user.last)).not.toMatch(/Shall I ask a support agent/);
    await user.say('zzzq wrrp');
    expect(proseOf(user.last)).toMatch(/Shall I ask a support agent\?[\s\S]*Question zzzq wrrp/);
    expect(buttonsOf(user.last).map((b) => b.title)).toEqual(expect.arrayContaining(['Send to an agent', 'Not now']));
  });

  test.each(['talk to a human', 'I want an agent', 'call me'])('"%s" asks for an agent', async (text) => {
    const user = bot.conversation('asking-visitor');
    expect(proseOf(await user.say(text))).toMatch(/Contact a support agent/);
  });
});
