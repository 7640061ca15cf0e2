import { ABSTAINED, type BatchExecutor, type BatchOutcome, type LogLine, type RawOutcome } from '../batch-executor.js';
import type { FailureReason } from '../sandbox-types.js';
import type { CallOutcome, PythonWorkerHandle } from './python-worker-handle.js';
import type { PythonWorkerPool } from './python-worker-pool.js';

const REASONS: ReadonlySet<FailureReason> = new Set(['error', 'wrong-type', 'invalid-span', 'output-limit', 'time-limit', 'memory-limit', 'crashed']);

/** A worker whose heap grew past this share of its limit is replaced after the call. */
const RETIRE_HEAP_SHARE = 0.8;

interface BatchWire {
  readonly o: ([0, unknown] | [1, string, string])[];
  readonly stop: 'timeout' | null;
  readonly l: [number, string][];
  readonly d: number;
}

interface PrepareWire {
  readonly ok: boolean;
  readonly message?: string;
  readonly l?: [number, string][];
  readonly d?: number;
}

export type OpenResult = { readonly ok: true; readonly logs: LogLine[]; readonly droppedLogs: number } | { readonly ok: false; readonly message: string };

function decode(item: BatchWire['o'][number]): RawOutcome {
  if (item[0] === 0) return item[1] === null ? ABSTAINED : { ok: true, value: item[1] };
  const reason = REASONS.has(item[1] as FailureReason) ? (item[1] as FailureReason) : 'error';
  return { ok: false, reason, message: String(item[2]) };
}

/** Replies are data from a sandbox: a parse failure is a sandbox failure, never a host crash. */
function parseWire<T>(text: string): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

const lines = (l: [number, string][] | undefined): LogLine[] => (l ?? []).map(([index, text]) => ({ index, text }));

/**
 * One run on one worker: `_sandbox_prepare` compiles the code and runs its top level, then
 * batches go through `_sandbox_batch`. A worker that is killed, crashes or outgrows its memory
 * is replaced and the run is prepared again on the new one.
 */
export class PythonRunSession implements BatchExecutor {
  restarts = 0;
  private worker: PythonWorkerHandle | undefined;

  constructor(
    private readonly pool: PythonWorkerPool,
    private readonly preparePayload: string,
    /** one JSON `[data, tokens]` per record */
    private readonly encoded: readonly string[],
    private readonly setupMs: number,
    private readonly memoryBytes: number,
  ) {}

  async open(): Promise<OpenResult> {
    this.worker ??= await this.pool.acquire();
    const outcome = await this.worker.call('prepare', this.preparePayload, this.setupMs);
    await this.afterCall(outcome);
    if (!outcome.ok) {
      const why = outcome.kind === 'timeout' || outcome.kind === 'killed' ? `ran over ${this.setupMs} ms` : outcome.kind === 'memory' ? 'ran out of memory' : `failed: ${outcome.message}`;
      return { ok: false, message: `the code's top level ${why}` };
    }
    const wire = parseWire<PrepareWire>(outcome.result);
    if (!wire) return { ok: false, message: 'the code set-up returned garbled data' };
    if (!wire.ok) return { ok: false, message: wire.message ?? 'the code could not be prepared' };
    return { ok: true, logs: lines(wire.l), droppedLogs: wire.d ?? 0 };
  }

  async execute(start: number, count: number, budgetMs: number): Promise<BatchOutcome> {
    if (!this.worker) {
      this.restarts++;
      const reopened = await this.open();
      if (!reopened.ok) return { outcomes: [], logs: [], droppedLogs: 0, stop: { kind: 'crash', message: `the Python worker could not be set up again: ${reopened.message}` } };
    }
    const worker = this.worker;
    if (!worker) return { outcomes: [], logs: [], droppedLogs: 0, stop: { kind: 'crash', message: 'the Python worker was lost while setting the code up again' } };
    const payload = `{"start":${start},"records":[${this.encoded.slice(start, start + count).join(',')}]}`;
    const outcome = await worker.call('batch', payload, budgetMs);
    await this.afterCall(outcome);
    if (outcome.ok) {
      const wire = parseWire<BatchWire>(outcome.result);
      if (!wire) {
        if (this.worker) await this.pool.retire(worker, 'garbled reply');
        this.worker = undefined;
        return { outcomes: [], logs: [], droppedLogs: 0, stop: { kind: 'crash', message: 'the Python worker returned garbled data and was replaced' } };
      }
      const stop = wire.stop === 'timeout' ? { kind: 'timeout' as const, message: 'ran over the time limit' } : undefined;
      return { outcomes: wire.o.map(decode), logs: lines(wire.l), droppedLogs: wire.d, ...(stop ? { stop } : {}) };
    }
    const empty = { outcomes: [], logs: [], droppedLogs: 0 };
    switch (outcome.kind) {
      case 'timeout':
        return { ...empty, stop: { kind: 'timeout', message: 'ran over the time limit' } };
      case 'memory':
        return { ...empty, stop: { kind: 'memory', message: `ran out of memory (limit ${Math.round(this.memoryBytes / 2 ** 20)} MB); the Python worker was replaced` } };
      case 'killed':
        // Alone, the record is the culprit; in a batch the outcomes are lost, so every
        // unfinished record is rerun alone.
        return count === 1 ? { ...empty, stop: { kind: 'timeout', message: outcome.message } } : { ...empty, stop: { kind: 'crash', message: outcome.message } };
      default:
        return { ...empty, stop: { kind: 'crash', message: outcome.message } };
    }
  }

  /** Replaces the worker when it died or its heap grew past the limit share. */
  private async afterCall(outcome: CallOutcome): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const dead = !worker.alive || (!outcome.ok && (outcome.kind === 'fatal' || outcome.kind === 'crash' || outcome.kind === 'killed'));
    const bloated = outcome.limitHit || outcome.heapBytes > this.memoryBytes * RETIRE_HEAP_SHARE || (!outcome.ok && outcome.kind === 'memory');
    if (dead || bloated) {
      this.worker = undefined;
      await this.pool.retire(worker, dead ? 'died' : 'over its memory limit');
    }
  }

  close(): void {
    if (this.worker) this.pool.release(this.worker);
    this.worker = undefined;
  }
}
