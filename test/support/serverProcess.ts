import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths';
import type { LocalConnector } from './connector';
import { Conversation, type BotHarness } from './harness';

/**
 * Builds dist/ with tsc, as `npm start` does; a build that reports errors fails here, since `npm start` stops
 * on them (the emit would still happen, so a fresh server file alone proves nothing).
 */
export function buildServer(): void {
  const root = projectRoot();
  const started = Date.now();
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build fails, so npm start would too:\n${build.stdout}${build.stderr}`);
  const built = statSync(join(root, 'dist/src/index.js'), { throwIfNoEntry: false });
  if (!built || built.mtimeMs < started - 1000) throw new Error('The build did not produce dist/src/index.js: run `npm run build` and read its errors.');
}

/** Linux's USER_HZ, which /proc/<pid>/stat counts CPU time in (100 on every mainstream architecture). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A built server script in its own process: it can be signalled or killed for real, and its memory measured apart. */
export class ServerProcess {
  private sequence = 0;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly connector: LocalConnector | undefined,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `script` (default: the bot, dist/src/index.js) on a free port and waits for its "port" log line. */
  static async start(env: Record<string, string>, options: { script?: string; connector?: LocalConnector } = {}): Promise<ServerProcess> {
    const script = options.script ?? join(projectRoot(), 'dist/src/index.js');
    const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const match = /"port":(\d+)/.exec(output);
        if (match) resolve(Number(match[1]));
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening:\n${output}`)));
    });
    child.stdout!.resume();
    return new ServerProcess(child, port, options.connector);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  post(body: unknown): Promise<Response> {
    return fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** A conversation against this process (the harness's Conversation only needs `post` and `connector`). */
  conversation(userId: string, id = `conv-${userId}-${++this.sequence}`): Conversation {
    if (!this.connector) throw new Error('Start the server with a connector to hold conversations with it.');
    return new Conversation(this as unknown as BotHarness, userId, {}, id);
  }

  /** Peak resident memory so far, in MiB (Linux). */
  peakRssMiB(): number {
    const status = readFileSync(join('/proc', String(this.child.pid), 'status'), 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
  }

  /** CPU time (user and system) the process has used so far, in milliseconds (Linux). */
  cpuMs(): number {
    const stat = readFileSync(join('/proc', String(this.child.pid), 'stat'), 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** Sends the signal and resolves with the exit code once the process has gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
