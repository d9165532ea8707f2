import { TestAdapter, type TurnContext } from 'botbuilder';
import { redactIncoming, wasRedacted } from '../../../src/bot/redaction';
import { hostileCards } from './redactionFormats';

/** Runs one incoming activity through the middleware and reports what the bot's logic saw. */
async function seenByTheBot(activity: { text?: string; value?: unknown }): Promise<{ text?: string; value?: unknown; flagged: boolean }> {
  let seen: { text?: string; value?: unknown; flagged: boolean } = { flagged: false };
  const adapter = new TestAdapter(async (context: TurnContext) => {
    seen = { ...(context.activity.text === undefined ? {} : { text: context.activity.text }), value: context.activity.value, flagged: wasRedacted(context) };
  });
  adapter.use(redactIncoming());
  await adapter.send({ type: 'message', ...activity });
  return seen;
}

describe('incoming activities are redacted before the bot reads them', () => {
  test.each([
    ['a card in the text', { text: 'my card 4111 1111 1111 1111 was charged' }, 'my card [card ending 1111] was charged', true],
    ['a security code', { text: 'cvv 123' }, 'cvv [removed]', true],
    ['an order id and a date', { text: 'order O-9001 from 2026-01-15' }, 'order O-9001 from 2026-01-15', false],
  ])('%s', async (_name, activity, text, flagged) => {
    expect(await seenByTheBot(activity)).toMatchObject({ text, flagged });
  });

  test('strings inside a card submission are redacted, the rest kept', async () => {
    const seen = await seenByTheBot({ value: { verb: 'escalation', action: 'confirm', text: 'card 4111-1111-1111-1111', count: 2 } });
    expect(seen).toEqual({ value: { verb: 'escalation', action: 'confirm', text: 'card [card ending 1111]', count: 2 }, flagged: true });
  });

  test('a submission without secrets is left as it is and not flagged', async () => {
    expect(await seenByTheBot({ value: { verb: 'escalation', action: 'accept', caseId: 'CASE-000042' } })).toEqual({
      value: { verb: 'escalation', action: 'accept', caseId: 'CASE-000042' },
      flagged: false,
    });
  });
});

/** Runs a whole activity through the middleware and returns it as the bot's logic saw it. */
async function activitySeen(fields: Record<string, unknown>): Promise<{ activity: Record<string, unknown>; flagged: boolean }> {
  let seen: { activity: Record<string, unknown>; flagged: boolean } = { activity: {}, flagged: false };
  const adapter = new TestAdapter(async (context: TurnContext) => {
    seen = { activity: structuredClone({ ...context.activity, timestamp: undefined, localTimestamp: undefined }) as Record<string, unknown>, flagged: wasRedacted(context) };
  });
  adapter.use(redactIncoming());
  await adapter.send({ type: 'message', ...fields });
  return seen;
}

describe('every field someone wrote or is called is redacted, identifiers are not', () => {
  const card = '4111.1111.1111.1111';
  const redacted = '[card ending 1111]';

  test('display names, conversation and team names, members, attachments, entities and channel data', async () => {
    const { activity, flagged } = await activitySeen({
      from: { id: 'user-4111111111111111', name: `Ana ${card}`, aadObjectId: '41111111-1111-1111-1111-111111111111' },
      recipient: { id: 'bot', name: `bot ${card}` },
      conversation: { id: 'conv-1', name: `chat about ${card}`, tenantId: 'tenant-1' },
      membersAdded: [{ id: 'user-2', name: `Ben ${card}` }],
      attachments: [{ contentType: 'text/plain', name: `receipt ${card}.txt`, content: { note: card } }],
      entities: [{ type: 'mention', text: `<at>${card}</at>`, mentioned: { id: 'bot', name: card } }],
      channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team', name: `Team ${card}` }, postBack: { query: card } },
      speak: card,
      summary: card,
    });
    expect(flagged).toBe(true);
    expect(JSON.stringify(activity)).not.toMatch(/4111\.1111/);
    expect(activity).toMatchObject({
      from: { id: 'user-4111111111111111', name: `Ana ${redacted}`, aadObjectId: '41111111-1111-1111-1111-111111111111' },
      conversation: { id: 'conv-1', name: `chat about ${redacted}` },
      membersAdded: [{ id: 'user-2', name: `Ben ${redacted}` }],
      channelData: { tenant: { id: 'tenant-1' }, team: { id: '19:team', name: `Team ${redacted}` } },
      speak: redacted,
    });
  });

  test('an activity without secrets is the same object, unflagged', async () => {
    const from = { id: 'ana', name: 'Ana Ruiz' };
    const { activity, flagged } = await activitySeen({ from, text: 'order O-9001 from 2026-01-15', value: { verb: 'home' } });
    expect(flagged).toBe(false);
    expect(activity).toMatchObject({ from, text: 'order O-9001 from 2026-01-15', value: { verb: 'home' } });
  });

  test('absurdly deep values are dropped, not left unread', async () => {
    let deep: unknown = card;
    for (let i = 0; i < 100; i++) deep = { deeper: deep };
    const { activity } = await activitySeen({ value: deep });
    expect(JSON.stringify(activity.value)).not.toContain('4111');
  });
});

describe('500 hostile card numbers in each input path', () => {
  const cards = hostileCards(4);

  test.each([
    ['the text', (message: string) => ({ text: message })],
    ['a card input', (message: string) => ({ value: { verb: 'escalation', action: 'confirm', text: message } })],
    ['the display name', (message: string) => ({ from: { id: 'visitor', name: message } })],
    ['a new member\'s name', (message: string) => ({ type: 'conversationUpdate', membersAdded: [{ id: 'visitor', name: message }] })],
  ])('%s', async (_path, fields) => {
    expect(cards.length).toBeGreaterThanOrEqual(500);
    const leaks: string[] = [];
    for (const card of cards) {
      const { activity } = await activitySeen(fields(card.message));
      const seen = JSON.stringify(activity).normalize('NFKC').replace(/\\u[0-9a-f]{4}|\\[nrt]/g, '').replace(/\D/g, '');
      if (seen.includes(card.digits)) leaks.push(`${card.format} ${card.brand}: ${JSON.stringify(card.message)}`);
    }
    expect(leaks).toEqual([]);
  });
});
