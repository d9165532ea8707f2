import { stdin, stdout } from 'node:process';
import { createRuntime } from '../app';
import { runTerminalChat } from '../bot/console';
import { loadConfig } from '../config';
import { createLogger } from '../logger';

/** `npm run chat`: talk to the bot in a terminal. Cards are shown as text; pick a button by its number. */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const runtime = await createRuntime(config, createLogger(config.logLevel, process.stderr));
  const userArg = process.argv.find((arg) => arg.startsWith('--user='));
  await runTerminalChat(runtime, stdin, stdout, userArg ? userArg.slice('--user='.length) : 'console-user');
  await runtime.store.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`The chat stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
