import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { createRuntime } from '../app';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { activityAsText, ConsoleAdapter, type OutgoingActivity, type TextButton } from '../bot/console';

/** `npm run chat`: talk to the bot in a terminal. Cards are shown as text; pick a button by its number. */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const runtime = await createRuntime(config, createLogger(config.logLevel, process.stderr));
  const userArg = process.argv.find((arg) => arg.startsWith('--user='));
  let buttons: TextButton[] = [];
  const print = (activity: OutgoingActivity) => {
    const rendered = activityAsText(activity);
    const offset = buttons.length;
    buttons = [...buttons, ...rendered.buttons];
    const lines = [...rendered.lines, ...rendered.buttons.map((button, i) => `  [${offset + i + 1}] ${button.title}`)];
    stdout.write(`\nbot> ${lines.join('\n     ')}\n`);
  };
  const adapter = new ConsoleAdapter(print, userArg ? userArg.slice('--user='.length) : 'console-user');
  runtime.prepare(adapter);
  stdout.write('Type a question, or the number of a button. Ctrl+C or "/quit" leaves.\n');

  const logic = runtime.bot.run.bind(runtime.bot);
  await adapter.receive({ type: 'conversationUpdate', membersAdded: [{ id: 'console-user', name: 'You' }] }, logic);
  const input = createInterface({ input: stdin, output: stdout });
  input.on('close', () => void runtime.store.close().then(() => process.exit(0)));
  for (;;) {
    const line = (await input.question('\nyou> ')).trim();
    if (line === '/quit') break;
    const picked = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    buttons = [];
    await adapter.receive(picked ? { value: picked.data } : { text: line }, logic);
  }
  input.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`The chat could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
