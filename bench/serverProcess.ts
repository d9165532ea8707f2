import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A bot server in its own process, so its memory is measured apart from the load generator's. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(script: string, env: Record<string, string>): Promise<ServerProcess> {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const match = /"port":(\d+)/.exec(buffer);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    });
    child.stdout!.resume();
    return new ServerProcess(child, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Peak resident memory so far, in MiB (Linux). */
  peakRssMiB(): number {
    const status = readFileSync(join('/proc', String(this.child.pid), 'status'), 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
