import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { reportText } from '../analytics/format';
import { reportRange } from '../analytics/range';
import { buildReport } from '../analytics/report';
import { openStore, reportFiguresFor } from '../app';
import { clockStartingAt, systemClock } from '../clock';
import { loadConfig } from '../config';
import { loadMenu } from '../knowledgeBase';
import { createLogger } from '../logger';
import { projectRoot } from '../paths';

/**
 * `npm run report [-- --from=YYYY-MM-DD --to=YYYY-MM-DD --json]`: the outcomes page's figures, read from
 * the bot's store (a stopped bot's DATA_DIR, or PostgreSQL while replicas run), judged as of this
 * process's clock (BOT_NOW applies).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const config = loadConfig(process.env);
  const now = (config.botNow ? clockStartingAt(config.botNow) : systemClock()).now();
  const range = reportRange({ from: values.from, to: values.to }, now);
  const store = await openStore(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
  try {
    const menu = loadMenu(join(projectRoot(), 'knowledge'));
    const sources = { store, figures: reportFiguresFor(store), menuPath: (node: string) => menu.breadcrumb(node) };
    const report = await buildReport(sources, range, { now, sessionTimeoutMinutes: config.analytics.sessionTimeoutMinutes });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The report failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
