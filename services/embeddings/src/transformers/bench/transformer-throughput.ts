import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TransformerOptions } from '../transformer-options.js';
import type { FromWorker, ToWorker } from './throughput-protocol.js';

export interface ThroughputRun {
  readonly workers: number;
  readonly sentences: number;
  /** from "go" to the last worker's "done" */
  readonly wallMs: number;
  readonly sentencesPerSecond: number;
  /** CPU time the workers used while embedding (user + system, all workers) */
  readonly cpuMs: number;
}

const WORKER = fileURLToPath(new URL('./throughput-worker.js', import.meta.url));

/**
 * Embeds `texts` with `workers` real child processes, each with its own model and onnxruntime
 * session (`options.intraOpThreads` threads) and a contiguous share of the texts — the way
 * embedding-job workers share a run. Loading and a warm-up batch happen before the clock starts.
 */
export async function measureThroughput(
  model: string,
  options: TransformerOptions,
  texts: readonly string[],
  workers: number,
): Promise<ThroughputRun> {
  const share = Math.ceil(texts.length / workers);
  const children = Array.from({ length: workers }, () =>
    // detached = a session of its own, as separately started workers (pods, systemd units)
    // have: Linux's autogroup scheduling gives each session one fair share of the CPUs, so
    // children of one session would split a single share on a busy machine and never add up
    fork(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true }),
  );
  try {
    const ready = children.map((child) => next(child, 'ready'));
    children.forEach((child, i) =>
      post(child, {
        type: 'start',
        model,
        options,
        texts: texts.slice(i * share, (i + 1) * share),
      }),
    );
    await Promise.all(ready);
    const done = children.map((child) => next(child, 'done'));
    const started = performance.now();
    children.forEach((child) => post(child, { type: 'go' }));
    const reports = await Promise.all(done);
    const wallMs = performance.now() - started;
    let sentences = 0;
    let cpuMs = 0;
    for (const report of reports) {
      if (report.type !== 'done') continue;
      sentences += report.sentences;
      cpuMs += report.cpuMs;
    }
    return { workers, sentences, wallMs, sentencesPerSecond: (sentences / wallMs) * 1000, cpuMs };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

function post(child: ChildProcess, message: ToWorker): void {
  child.send(message);
}

function next(child: ChildProcess, type: 'ready' | 'done'): Promise<FromWorker> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromWorker): void => {
      if (message.type === type) finish(() => resolve(message));
      else if (message.type === 'failed')
        finish(() => reject(new Error(`bench worker failed: ${message.message}`)));
    };
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`bench worker exited (code ${code}) before "${type}"`)));
    const finish = (settle: () => void): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
