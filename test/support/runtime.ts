import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRuntime, type BotRuntime } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';

/**
 * The bot runtime (no HTTP) over a temporary DATA_DIR for the whole test file, quiet, closed after it.
 * Returns a getter: the runtime exists only once `beforeAll` has run.
 */
export function useRuntime(env: Record<string, string> = {}): () => BotRuntime {
  let dataDir = '';
  let runtime: BotRuntime | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bot-runtime-'));
    const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
    runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir, ...env }), createLogger('silent', quiet));
  });
  afterAll(async () => {
    await runtime?.store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!runtime) throw new Error('The runtime starts in beforeAll: call it from a test.');
    return runtime;
  };
}
