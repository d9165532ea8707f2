import { TestAdapter, type TurnContext } from 'botbuilder';
import { redactIncoming, wasRedacted } from '../../../src/bot/redaction';

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
