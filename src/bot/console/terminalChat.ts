import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { BotAdapter, TurnContext } from 'botbuilder';
import { activityAsText, type TextButton } from './cardText';
import { ConsoleAdapter } from './consoleAdapter';

/** What the terminal chat needs of the bot runtime. */
export interface ChatBot {
  bot: { run(context: TurnContext): Promise<void> };
  prepare(adapter: BotAdapter): void;
}

/**
 * A conversation in a terminal: cards are printed as text, a number picks a button (a number that matches
 * none is said to, not searched for), "/quit" or the end of the input leaves. Lines are read in order even when they arrive faster than the bot answers (piped input).
 */
export async function runTerminalChat(runtime: ChatBot, input: Readable, output: Writable, userId = 'console-user'): Promise<void> {
  let buttons: TextButton[] = [];
  const adapter = new ConsoleAdapter((activity) => {
    const rendered = activityAsText(activity);
    const offset = buttons.length;
    buttons = [...buttons, ...rendered.buttons];
    const lines = [...rendered.lines, ...rendered.buttons.map((button, i) => `  [${offset + i + 1}] ${button.title}`)];
    output.write(`\nbot> ${lines.join('\n     ')}\n`);
  }, userId);
  runtime.prepare(adapter);
  const logic = (context: TurnContext) => runtime.bot.run(context);

  output.write('Type a question, or the number of a button. Ctrl+C or "/quit" leaves.\n');
  await adapter.receive({ type: 'conversationUpdate', membersAdded: [{ id: userId, name: 'You' }] }, logic);
  const lines = createInterface({ input, terminal: false });
  output.write('\nyou> ');
  for await (const typed of lines) {
    const line = typed.trim();
    if (line === '/quit') break;
    if (line === '') {
      output.write('you> ');
      continue;
    }
    const picked = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    if (/^\d+$/.test(line) && !picked) {
      output.write(`\nbot> ${noSuchOption(line, buttons.length)}\n\nyou> `);
      continue;
    }
    buttons = [];
    await adapter.receive(picked ? { value: picked.data } : { text: line }, logic);
    output.write('\nyou> ');
  }
  lines.close();
}

/** What a typed number that is no button's gets: which numbers there are, and that a question works too. */
export function noSuchOption(typed: string, count: number): string {
  const number = typed.replace(/^0+(?=\d)/, '');
  if (count === 0) return `There is no option ${number} here: there are no buttons to pick. Type your question.`;
  const range = count === 1 ? 'pick 1' : `pick 1–${count}`;
  return `There is no option ${number} here; ${range} or type your question.`;
}
