import { PassThrough, Writable } from 'node:stream';
import { activityAsText, ConsoleAdapter, noSuchOption, runTerminalChat, type OutgoingActivity } from '../../src/bot/console';
import { ANONYMOUS_TERMINAL_USER, terminalPeople, terminalUser, TerminalUserError, type TerminalPerson } from '../../src/bot/console/terminalUser';
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

test('a number that is no button says so and which numbers there are, instead of being searched', async () => {
  const input = new PassThrough();
  let printed = '';
  const output = new Writable({ write: (chunk: Buffer, _encoding, done) => ((printed += chunk.toString('utf8')), done()) });
  input.end('7\n2\n/quit\n');
  await runTerminalChat(bot(), input, output, 'numbers-user');
  expect(printed).toMatch(/bot> There is no option 7 here; pick 1–3 or type your question\./);
  expect(printed).not.toMatch(/couldn't find an answer/);
  // The welcome's buttons are still there to pick: 2 is "Search articles".
  expect(printed).toMatch(/bot> [^\n]*(question|search)/i);
});

test.each([
  ['7', 3, 'There is no option 7 here; pick 1–3 or type your question.'],
  ['2', 1, 'There is no option 2 here; pick 1 or type your question.'],
  ['007', 0, 'There is no option 7 here: there are no buttons to pick. Type your question.'],
])('typing %s with %i buttons: %s', (typed, count, message) => {
  expect(noSuchOption(typed, count)).toBe(message);
});

test("an article's steps print as a numbered list, one step a line", async () => {
  const runtime = bot();
  const printed: OutgoingActivity[] = [];
  const adapter = new ConsoleAdapter((activity) => printed.push(activity), 'steps-user');
  runtime.prepare(adapter);
  await adapter.receive({ text: 'how do I turn off auto-renew?' }, runtime.bot.run.bind(runtime.bot));
  const lines = activityAsText(printed.at(-1)!).lines;
  const steps = lines.filter((line) => /^\d+\. /.test(line));
  expect(steps.length).toBeGreaterThanOrEqual(3);
  expect(steps.map((line) => Number(/^(\d+)\./.exec(line)?.[1]))).toEqual(steps.map((_line, index) => index + 1));
});

describe('--user, checked against the demo users', () => {
  let demo: TerminalPerson[] = [];
  beforeAll(async () => {
    demo = terminalPeople(await bot().accounts.directory());
  });
  const people = (): TerminalPerson[] => demo;

  test.each([
    [['--user=ana'], undefined, 'ana'],
    [['--user', 'ana'], undefined, 'ana'],
    [['--user=Ana'], undefined, 'ana'],
    [['-u', 'agent-eve'], undefined, 'agent-eve'],
    [[], undefined, ANONYMOUS_TERMINAL_USER],
  ])('%j (npm config user %p) chats as %s', (argv, npmUser, userId) => {
    expect(terminalUser(argv, npmUser, people())).toEqual({ userId });
  });

  test('"npm run chat --user=ana" (npm keeps the flag as its config) still chats as ana, and says how to write it', () => {
    expect(terminalUser([], 'ana', people())).toEqual({ userId: 'ana', notice: expect.stringContaining('npm run chat -- --user=ana') });
  });

  test.each([[['--user=zoe']], [['--user=']], [['--usr=ana']], [['ana']]])('%j is refused with the list of demo users', (argv) => {
    expect(() => terminalUser(argv, undefined, people())).toThrow(TerminalUserError);
    if (argv[0]?.startsWith('--user')) {
      const message = (() => {
        try {
          terminalUser(argv, undefined, people());
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).toMatch(/ana\s+Ana Ruiz, Contoso/);
      expect(message).toMatch(/agent-eve/);
    }
  });
});
