import { Worker } from 'node:worker_threads';
import { errorMessage } from '../error-text.js';
import { PY_PRELUDE } from './python-prelude.js';

/** The worker script sits beside this file in src (tests) and in dist (copied by tsc). */
const WORKER_URL = new URL('./python-worker.mjs', import.meta.url);

/** SIGINT for Pyodide's interrupt buffer: Python raises KeyboardInterrupt at the next check. */
const SIGINT = 2;

export type CallOutcome =
  | { readonly ok: true; readonly result: string; readonly heapBytes: number; readonly limitHit: boolean }
  | {
      readonly ok: false;
      /** killed: did not stop after the interrupt and was terminated; crash: the worker died */
      readonly kind: 'timeout' | 'memory' | 'fatal' | 'killed' | 'crash';
      readonly message: string;
      readonly heapBytes: number;
      readonly limitHit: boolean;
    };

type Reply = { type: 'reply'; id: number } & CallOutcome;
type WorkerMessage = Reply | { type: 'ready' } | { type: 'fatal'; message: string };

export interface WorkerOptions {
  /** wasm heap limit of the interpreter */
  readonly memoryMb: number;
  /** how long a worker may take to load Pyodide */
  readonly startupMs: number;
  /** how long an interrupted call may take to stop before the worker is terminated */
  readonly graceMs: number;
}

/**
 * One worker thread with a warm Pyodide interpreter. Calls are one at a time; a call that runs
 * over its budget is interrupted (KeyboardInterrupt in Python) and, if it does not stop within
 * the grace period (a long C-level loop), the worker is terminated.
 */
export class PythonWorkerHandle {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly interrupt: Int32Array;
  private nextId = 0;
  private pending: { id: number; resolve: (outcome: CallOutcome) => void } | undefined;
  private deadReason: string | undefined;

  constructor(private readonly options: WorkerOptions) {
    const buffer = new SharedArrayBuffer(4);
    this.interrupt = new Int32Array(buffer);
    this.worker = new Worker(WORKER_URL, {
      workerData: { prelude: PY_PRELUDE, interruptBuffer: buffer, memoryBytes: options.memoryMb * 1024 * 1024 },
      // The interpreter's heap is wasm memory (capped in the worker); this caps the JS side.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
      env: {},
    });
    // Nothing from the worker reaches the host's console.
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Pyodide did not start within ${options.startupMs} ms`));
        void this.terminate('startup timed out');
      }, options.startupMs);
      this.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (message.type === 'fatal') {
          clearTimeout(timer);
          reject(new Error(message.message));
        } else if (message.type === 'reply' && this.pending?.id === message.id) {
          const { resolve: done } = this.pending;
          this.pending = undefined;
          const { type: _type, id: _id, ...outcome } = message;
          done(outcome as CallOutcome);
        }
      });
      const die = (reason: string): void => {
        clearTimeout(timer);
        this.deadReason ??= reason;
        reject(new Error(reason));
        this.settle({ ok: false, kind: 'crash', message: `the Python worker stopped: ${reason}`, heapBytes: 0, limitHit: false });
      };
      this.worker.on('error', (e) => die(errorMessage(e)));
      this.worker.on('exit', (code) => die(`exited with code ${code}`));
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.deadReason === undefined;
  }

  /** Runs `_sandbox_<op>(payload)` in the worker within `budgetMs`. */
  call(op: 'prepare' | 'batch', payload: string, budgetMs: number): Promise<CallOutcome> {
    if (!this.alive) return Promise.resolve({ ok: false, kind: 'crash', message: `the Python worker is gone: ${this.deadReason}`, heapBytes: 0, limitHit: false });
    if (this.pending) throw new Error('PythonWorkerHandle: one call at a time');
    const id = ++this.nextId;
    return new Promise<CallOutcome>((resolve) => {
      let killTimer: NodeJS.Timeout | undefined;
      const interruptTimer = setTimeout(() => {
        Atomics.store(this.interrupt, 0, SIGINT);
        killTimer = setTimeout(() => {
          this.settle({ ok: false, kind: 'killed', message: 'ran over the time limit and could not be interrupted; the Python worker was replaced', heapBytes: 0, limitHit: false });
          void this.terminate('killed after an uninterruptible overrun');
        }, this.options.graceMs);
      }, Math.max(1, Math.ceil(budgetMs)));
      this.pending = {
        id,
        resolve: (outcome) => {
          clearTimeout(interruptTimer);
          clearTimeout(killTimer);
          resolve(outcome);
        },
      };
      this.worker.postMessage({ id, op, payload });
    });
  }

  private settle(outcome: CallOutcome): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(outcome);
  }

  async terminate(reason = 'terminated'): Promise<void> {
    this.deadReason ??= reason;
    await this.worker.terminate();
  }
}
