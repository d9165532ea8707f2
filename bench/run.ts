import { join } from 'node:path';
import { benchStateGrowth } from './stateGrowth';
import { benchTurns } from './turns';

/** `npm run bench`: prints search, turn, state-growth and answer-quality figures. Pass section names to run only some. */
async function main(): Promise<void> {
  const distRoot = join(__dirname, '..');
  const wanted = new Set(process.argv.slice(2));
  const run = (name: string) => wanted.size === 0 || wanted.has(name);
  if (run('search')) {
    const { benchSearch } = await import('./search');
    await benchSearch();
    process.stdout.write(`search ran in this process: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
  }
  if (run('turns')) await benchTurns(distRoot);
  if (run('state')) await benchStateGrowth(distRoot);
  if (run('recording')) await (await import('./recording')).benchRecording(distRoot);
  if (run('answers')) {
    const { benchAnswers } = await import('./answers');
    await benchAnswers();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
