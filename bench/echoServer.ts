import { MessageFactory } from 'botbuilder';
import { createAdapter } from '../src/bot/adapter';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createServer, listen } from '../src/server/server';

/** The baseline for turn throughput: the same HTTP stack and adapter with a bot that only echoes. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const adapter = createAdapter(config);
  const server = createServer({
    logger,
    maxBodyBytes: config.maxBodyBytes,
    messages: async (req, res) => {
      const request = { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method ?? 'POST' };
      await adapter.process(request, res, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
      });
    },
    health: async () => ({ status: 'ok' }),
  });
  const port = await listen(server, config.port);
  logger.info({ port }, 'echo bot listening');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
