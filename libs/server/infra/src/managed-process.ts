import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isListening } from './ports.js';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  /** Output goes to this file (kept after the run for diagnosis). */
  logFile: string;
  /** Considered started once this port accepts connections. */
  port: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  startTimeoutMs?: number;
}

/** A child process with its log file; `stop()` sends SIGTERM, then SIGKILL after a grace period. */
export class ManagedProcess {
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    readonly spec: ProcessSpec,
    readonly child: ChildProcess,
  ) {
    child.once('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
    });
  }

  static async start(spec: ProcessSpec): Promise<ManagedProcess> {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const proc = new ManagedProcess(spec, child);
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const deadline = Date.now() + (spec.startTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      const failed = await Promise.race([spawnError, delay(100).then(() => undefined)]);
      if (failed) throw new Error(`${spec.name}: cannot start ${spec.command}: ${failed.message}`);
      if (proc.exited) {
        throw new Error(
          `${spec.name} exited with code ${proc.exitCode} during start; log ${spec.logFile}:\n${tail(spec.logFile)}`,
        );
      }
      if (await isListening(spec.port)) return proc;
    }
    await proc.stop();
    throw new Error(
      `${spec.name} did not listen on port ${spec.port} within ${spec.startTimeoutMs ?? 20_000} ms; log:\n${tail(spec.logFile)}`,
    );
  }

  get running(): boolean {
    return !this.exited;
  }

  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), graceMs)),
    );
    const killed = await Promise.race([done.then(() => true), grace]);
    clearTimeout(timer);
    if (!killed) {
      this.child.kill('SIGKILL');
      await done;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
