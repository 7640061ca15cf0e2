import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A free TCP port on 127.0.0.1 (each service of the bench serves /health on its own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The export service as a separate `--role worker` process (dist/main.js), so its memory is
 * measured alone: the records service holding the 100k-record project runs in the bench process.
 * Its logs go to stderr.
 */
export class ExportWorkerProcess {
  private constructor(private readonly child: ChildProcess) {}

  static start(env: Record<string, string>): ExportWorkerProcess {
    const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
    const child = spawn(process.execPath, [main, '--role', 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 2, 2] });
    return new ExportWorkerProcess(child);
  }

  /** Peak resident set size so far (Linux `VmHWM` of /proc/<pid>/status), in MB; null elsewhere. */
  peakRssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) / 1024 : null;
    } catch {
      return null;
    }
  }

  /** CPU seconds (user + system) the process used so far (Linux /proc/<pid>/stat); null elsewhere. */
  cpuSeconds(): number | null {
    try {
      const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const ticks = Number(fields[11]) + Number(fields[12]);
      return Number.isFinite(ticks) ? ticks / 100 : null;
    } catch {
      return null;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}
