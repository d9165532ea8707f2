import type { CaseRecord } from '../../src/escalation';
import { buttonsOf, findButton, proseOf } from '../support/cards';
import { LocalConnector } from '../support/connector';
import type { BotHarness } from '../support/harness';
import { Conversation } from '../support/harness';
import { describeWithPostgres } from '../support/describeWithPostgres';
import { TestSchema } from '../support/postgres';
import { buildServer, ServerProcess } from '../support/serverProcess';
import { acceptData, caseIdOf, tuesday } from './escalationChat';

/**
 * Two bot processes on one PostgreSQL database, as behind a load balancer: whichever replica an activity
 * reaches, the bot behaves as one.
 */
describeWithPostgres()('two replicas on one database', () => {
  const connector = new LocalConnector();
  let schema: TestSchema;
  let a: ServerProcess;
  let b: ServerProcess;
  const started: ServerProcess[] = [];

  const start = async () => {
    const replica = await ServerProcess.start({ DATABASE_URL: schema.url, BOT_NOW: tuesday, DATA_DIR: '/nonexistent-not-used', WEB_TOKEN_SECRET: 'replicas-share-this-secret' }, { connector });
    started.push(replica);
    return replica;
  };

  beforeAll(async () => {
    buildServer();
    await connector.start();
    schema = await TestSchema.create();
    [a, b] = await Promise.all([start(), start()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(started.map((replica) => replica.stop('SIGKILL')));
    await connector.stop();
    await schema?.drop();
  });

  /** One conversation whose activities reach the replicas in turn (`via` picks one for a single activity). */
  function alternating(userId: string, id = `conv-${userId}-${Math.random().toString(36).slice(2, 8)}`) {
    let next = 0;
    const pick = () => [a, b][next++ % 2]!;
    const chat = new Conversation({ post: (body: unknown) => pick().post(body), connector } as unknown as BotHarness, userId, {}, id);
    return chat;
  }

  const available = async (agent: Conversation): Promise<void> => {
    const home = await agent.join();
    if (buttonsOf(home).some((button) => button.title === 'Go available')) await agent.click('Go available', home);
  };

  const on = (replica: ServerProcess, userId: string, id: string): Conversation => replica.conversation(userId, id);

  const cases = async (): Promise<CaseRecord[]> => {
    const rows = (await schema.sql(`SELECT value FROM ${schema.name}.documents WHERE collection = 'cases' ORDER BY id`)) as { value: string }[];
    return rows.map((row) => JSON.parse(row.value) as CaseRecord);
  };

  test('a customer whose turns alternate between replicas keeps their menu place and their pending confirmation', async () => {
    const ana = alternating('ana');
    await ana.join();
    await ana.submit({ verb: 'menu', node: 'subscription-management' });
    expect(proseOf(await ana.submit({ verb: 'menu', node: 'billing-and-orders' }))).toMatch(/Subscription management > Billing & orders/);
    expect(proseOf(await ana.say('back'))).toMatch(/Subscription management/);
    const proposal = await ana.say('turn off auto-renew for AutoCAD');
    expect(proseOf(proposal)).toMatch(/auto-renew/i);
    const done = await ana.click('Confirm', proposal);
    expect(proseOf(done)).not.toMatch(/no longer active|already/i);
    expect(proseOf(await ana.click('Confirm', proposal))).toMatch(/already|no longer active/i);
    expect(proseOf(await ana.say('when does our AutoCAD renew?'))).toMatch(/auto-renew (is )?off/i);
  });

  test('Ana on replica A and Eve on replica B chat both ways', async () => {
    const eve = on(b, 'agent-eve', 'conv-eve-b');
    await available(eve);
    const ana = on(a, 'ana', 'conv-ana-a');
    await ana.join();
    const confirm = await ana.submit({ verb: 'agent' });
    const caseId = caseIdOf(await ana.submit(findButton(confirm, 'Send to an agent').data));
    await eve.submit(acceptData(caseId));

    let before = connector.calls.length;
    await ana.say('Hello from replica A');
    expect(proseOf(connector.activitiesFor(eve.id, before))).toContain('Ana Ruiz: Hello from replica A');
    before = connector.calls.length;
    await eve.say('Hello from replica B');
    expect(proseOf(connector.activitiesFor(ana.id, before))).toContain('Eve Sato: Hello from replica B');
    await eve.say('/end');
  });

  test('Eve and Raj press Accept on different replicas at the same instant, 50 times: exactly one winner each time', async () => {
    const eve = on(a, 'agent-eve', 'conv-eve-race');
    const raj = on(b, 'agent-raj', 'conv-raj-race');
    for (const agent of [eve, raj]) await available(agent);
    const wins = { eve: 0, raj: 0 };
    for (let round = 1; round <= 50; round++) {
      const user = on(round % 2 ? a : b, `race-user-${round}`, `conv-race-${round}`);
      const confirm = await user.submit({ verb: 'agent' });
      const caseId = caseIdOf(await user.submit(findButton(confirm, 'Send to an agent').data));
      const [eveSaw, rajSaw] = (await Promise.all([eve.submit(acceptData(caseId)), raj.submit(acceptData(caseId))])).map(proseOf) as [string, string];
      const won = /You're now chatting with/;
      expect([won.test(eveSaw), won.test(rajSaw)].filter(Boolean)).toHaveLength(1);
      const winner = won.test(eveSaw) ? eve : raj;
      expect(won.test(eveSaw) ? rajSaw : eveSaw).toMatch(new RegExp(`already has ${caseId}`));
      wins[winner === eve ? 'eve' : 'raj']++;
      const stored = (await cases()).find((record) => record.case.id === caseId)!;
      expect(stored.case.history.filter((change) => change.status === 'accepted')).toHaveLength(1);
      await winner.say('/end');
    }
    expect(wins.eve + wins.raj).toBe(50);
  }, 120_000);

  test('20 concurrent presses of Send to an agent, split across replicas, make one case', async () => {
    const id = 'conv-presses';
    const [onA, onB] = [on(a, 'press-user', id), on(b, 'press-user', id)];
    await onA.join();
    const confirm = await onA.submit({ verb: 'agent' });
    const send = findButton(confirm, 'Send to an agent').data;
    const before = (await cases()).length;
    await Promise.all(Array.from({ length: 20 }, (_, n) => (n % 2 ? onA : onB).submit(send)));
    const made = (await cases()).slice(before).filter((record) => record.case.user.conversationKey.endsWith(id));
    expect(made).toHaveLength(1);
  }, 60_000);

  test('a web chat conversation opened on one replica is served by the other: post to B, poll A', async () => {
    const json = async (response: Response) => {
      if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const { token } = (await json(await fetch(`${a.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'ana' }) }))) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { conversationId } = (await json(await fetch(`${a.url}/v3/directline/conversations`, { method: 'POST', headers: auth }))) as { conversationId: string };
    await json(await fetch(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'message', text: 'when does our AutoCAD renew?', from: { id: 'ignored' } }) }));
    let seen = '';
    for (let attempt = 0; attempt < 40 && !/January 15, 2027/.test(seen); attempt++) {
      seen = JSON.stringify(await json(await fetch(`${a.url}/v3/directline/conversations/${conversationId}/activities?watermark=0`, { headers: auth })));
      if (!/January 15, 2027/.test(seen)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toContain('when does our AutoCAD renew?');
    expect(seen).toMatch(/January 15, 2027/);
  });

  test('a replica killed mid-chat loses nothing: the other carries the chat on', async () => {
    const doomed = await start();
    const eveOnDoomed = on(doomed, 'agent-eve', 'conv-eve-kill');
    await available(eveOnDoomed);
    const anaOnDoomed = on(doomed, 'ana', 'conv-ana-kill');
    await anaOnDoomed.join();
    const confirm = await anaOnDoomed.submit({ verb: 'agent' });
    const caseId = caseIdOf(await anaOnDoomed.submit(findButton(confirm, 'Send to an agent').data));
    await eveOnDoomed.submit(acceptData(caseId));
    await anaOnDoomed.say('before the crash');

    await doomed.stop('SIGKILL');

    const ana = on(a, 'ana', 'conv-ana-kill');
    const eve = on(a, 'agent-eve', 'conv-eve-kill');
    let before = connector.calls.length;
    await ana.say('after the crash');
    expect(proseOf(connector.activitiesFor(eve.id, before))).toContain('Ana Ruiz: after the crash');
    before = connector.calls.length;
    await eve.say('still here');
    expect(proseOf(connector.activitiesFor(ana.id, before))).toContain('Eve Sato: still here');
    const stored = (await cases()).find((record) => record.case.id === caseId)!;
    expect(stored.case.transcript.map((line) => line.text)).toEqual(expect.arrayContaining(['before the crash', 'after the crash', 'still here']));
    await eve.say('/end');
  }, 60_000);
});
