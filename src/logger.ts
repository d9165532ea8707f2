import pino from 'pino';
import { redact, redactDeep } from './domain/redaction';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout. Message bodies and account data are logged only at debug level; every
 * string of every line is redacted (card numbers, security codes) before it is written.
 * stdout is written asynchronously in batches (one write per turn cost a tenth of turn throughput); call
 * `logger.flush()` before exiting.
 */
/** Errors become plain objects first (as pino's serializer would print them), so their text is redacted too. */
function redactLine(object: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    plain[key] = value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
  }
  return redactDeep(plain);
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'account-help-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: redactLine },
    // The last line of defence: whatever a caller logs (an error echoing input, a debug line with text) is
    // redacted on the way out, message included.
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redact(arg).text : arg)) as Parameters<pino.LogFn>);
      },
    },
  };
  if (destination) return pino(options, destination);
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), 1000).unref();
  return pino(options, stdout);
}
