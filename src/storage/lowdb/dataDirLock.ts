import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/** Another live process holds the data directory. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `${dataDir} is in use by another bot process (pid ${pid}). One process owns a DATA_DIR: stop that one, ` +
        'give this one its own DATA_DIR, or run several replicas on PostgreSQL (DATABASE_URL).',
    );
  }
}

/**
 * Takes `<dataDir>/.lock` for this process: created exclusively, holding the pid. A lock left by a process
 * that is gone (a crash, SIGKILL) is taken over. Returns the function that lets it go.
 */
export async function lockDataDir(dataDir: string, pid = process.pid): Promise<() => Promise<void>> {
  const file = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder !== pid && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}: remove it if no bot process is running.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
