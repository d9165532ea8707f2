import type { TurnContext } from 'botbuilder';
import { ConsoleAdapter, type OutgoingActivity } from '../../../src/bot/console';
import { useRuntime } from '../../support/runtime';

const bot = useRuntime();

test('dialog memory scopes are collected on the first turn and reused after it', async () => {
  const runtime = bot();
  const printed: OutgoingActivity[] = [];
  const adapter = new ConsoleAdapter((activity) => printed.push(activity), 'ana');
  runtime.prepare(adapter);
  const configurations: unknown[] = [];
  const logic = async (context: TurnContext) => {
    await runtime.bot.run(context);
    configurations.push(context.turnState.get('DialogStateManagerConfiguration'));
  };
  for (const text of ['menu', 'how do I renew early?', 'start over']) await adapter.receive({ text }, logic);
  expect(printed.length).toBeGreaterThanOrEqual(3);
  expect(configurations[0]).toMatchObject({ memoryScopes: expect.arrayContaining([expect.anything()]) });
  expect(configurations[1]).toBe(configurations[0]);
  expect(configurations[2]).toBe(configurations[0]);
});
