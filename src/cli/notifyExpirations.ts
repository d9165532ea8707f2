import { createRuntime } from '../app';
import { createAdapter } from '../bot/adapter';
import { loadConfig } from '../config';
import { createLogger } from '../logger';

/** `npm run notify:expirations`: runs the upcoming-expiration check once, sends the notices due, and exits. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const runtime = await createRuntime(config, createLogger(config.logLevel));
  runtime.prepare(createAdapter(config));
  try {
    const sent = await runtime.expirationNotices.runOnce();
    await runtime.delivery.drainNow();
    process.stdout.write(`Sent ${sent} upcoming-expiration notice(s).\n`);
  } finally {
    await runtime.store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The expiration check failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
