import { PythonWorkerHandle, type WorkerOptions } from './python-worker-handle.js';

/**
 * A small pool of warm Python workers, created lazily up to `size`. A run holds one worker for
 * its whole duration; a worker that died or was retired (memory) is dropped and replaced by a
 * fresh one on the next acquire (Pyodide reloads in a few seconds).
 */
export class PythonWorkerPool {
  private readonly idle: PythonWorkerHandle[] = [];
  private readonly all = new Set<PythonWorkerHandle>();
  private readonly waiters: { resolve: (worker: PythonWorkerHandle) => void; reject: (e: unknown) => void }[] = [];
  private created = 0;

  constructor(
    private readonly size: number,
    private readonly options: WorkerOptions,
  ) {}

  /** workers started so far (the first `size` are the warm set, the rest replacements) */
  get started(): number {
    return this.created;
  }

  async acquire(): Promise<PythonWorkerHandle> {
    for (;;) {
      const worker = this.idle.pop();
      if (!worker) break;
      if (worker.alive) return worker;
      this.all.delete(worker);
    }
    if (this.all.size < this.size) {
      const worker = new PythonWorkerHandle(this.options);
      this.created++;
      this.all.add(worker);
      try {
        await worker.ready;
      } catch (e) {
        this.all.delete(worker);
        throw e;
      }
      return worker;
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  release(worker: PythonWorkerHandle): void {
    if (!worker.alive) {
      this.all.delete(worker);
      const waiter = this.waiters.shift();
      if (waiter) this.acquire().then(waiter.resolve, waiter.reject);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(worker);
    else this.idle.push(worker);
  }

  /** Terminates a worker (over its memory limit, or unresponsive) and frees its slot. */
  async retire(worker: PythonWorkerHandle, reason: string): Promise<void> {
    await worker.terminate(reason);
    this.release(worker);
  }

  /** Starts workers up to `count` ahead of the first run. */
  async warmUp(count = 1): Promise<void> {
    const workers: PythonWorkerHandle[] = [];
    for (let i = 0; i < Math.min(count, this.size); i++) workers.push(await this.acquire());
    for (const w of workers) this.release(w);
  }

  async dispose(): Promise<void> {
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((w) => w.terminate('disposed')));
  }
}
