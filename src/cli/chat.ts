import { stdin, stdout } from 'node:process';
import { createRuntime } from '../app';
import { runTerminalChat } from '../bot/console';
import { terminalPeople, terminalUser, TerminalUserError } from '../bot/console/terminalUser';
import { loadConfig } from '../config';
import { createLogger } from '../logger';

/** `npm run chat -- [--user=<id>]`: talk to the bot in a terminal. Cards are shown as text; pick a button by its number. */
async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const runtime = await createRuntime(config, createLogger(config.logLevel, process.stderr));
  try {
    const { userId, notice } = terminalUser(process.argv.slice(2), process.env.npm_config_user, terminalPeople(await runtime.accounts.directory()));
    if (notice) stdout.write(`${notice}\n`);
    await runTerminalChat(runtime, stdin, stdout, userId);
  } finally {
    await runtime.store.close();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  if (error instanceof TerminalUserError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`The chat stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
