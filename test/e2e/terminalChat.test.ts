import { PassThrough, Writable } from 'node:stream';
import { activityAsText, ConsoleAdapter, runTerminalChat, type OutgoingActivity } from '../../src/bot/console';
import { useRuntime } from '../support/runtime';

const bot = useRuntime({ BOT_NOW: '2026-12-01T15:00:00Z' });

test('the terminal chat runs the same bot: cards read as text and buttons are picked by their data', async () => {
  const runtime = bot();
  const printed: OutgoingActivity[] = [];
  const adapter = new ConsoleAdapter((activity) => printed.push(activity), 'ana');
  runtime.prepare(adapter);
  const logic = runtime.bot.run.bind(runtime.bot);

  await adapter.receive({ type: 'conversationUpdate', membersAdded: [{ id: 'ana', name: 'Ana' }] }, logic);
  const welcome = activityAsText(printed.at(-1)!);
  expect(welcome.lines.join(' ')).toMatch(/Hi Ana/);
  expect(welcome.buttons.map((b) => b.title)).toEqual(['Get Help', 'Search articles', 'Contact a support agent']);

  await adapter.receive({ value: welcome.buttons[0]!.data }, logic);
  expect(activityAsText(printed.at(-1)!).buttons.map((b) => b.title)).toContain('Post-purchase support');

  await adapter.receive({ text: 'when does our AutoCAD renew?' }, logic);
  expect(activityAsText(printed.at(-1)!).lines.join('\n')).toMatch(/January 15, 2027/);
});

test('lines typed or piped faster than the bot answers are each answered, in order, until /quit', async () => {
  const input = new PassThrough();
  let printed = '';
  const output = new Writable({ write: (chunk: Buffer, _encoding, done) => ((printed += chunk.toString('utf8')), done()) });
  input.end('how do i turn of autorenewal\n\npurchse histroy\n1\n/quit\nthis line is never read\n');
  await runTerminalChat(bot(), input, output, 'piped-user');
  const turns = printed.split('\nyou> ');
  expect(turns[0]).toMatch(/Get Help/);
  expect(printed).toMatch(/bot> Turn off auto-renew/);
  expect(printed).toMatch(/bot> See your purchase history/);
  expect(printed.indexOf('Turn off auto-renew')).toBeLessThan(printed.indexOf('See your purchase history'));
  expect(printed.split('bot> ').length - 1).toBeGreaterThanOrEqual(4);
  expect(printed).not.toMatch(/never read/);
});
