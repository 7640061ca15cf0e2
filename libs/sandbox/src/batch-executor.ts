import type { FailureReason } from './sandbox-types.js';

/** One record's outcome as it comes out of a sandbox, before the host checks it. */
export type RawOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: FailureReason; readonly message: string };

/** The outcome of an abstention (most records of most heuristics): one shared object, no allocation. */
export const ABSTAINED: RawOutcome = Object.freeze({ ok: true, value: null });

export interface LogLine {
  /** index of the record (in the run) that printed it; -1 for the code's top level */
  readonly index: number;
  readonly text: string;
}

export interface BatchStop {
  /**
   * timeout / error: the record at `start + outcomes.length` was running when the budget ran
   * out / when the sandbox raised an error user code could not catch; memory / crash: the
   * sandbox was lost with the rest of the batch.
   */
  readonly kind: 'timeout' | 'error' | 'memory' | 'crash';
  readonly message: string;
}

export interface BatchOutcome {
  /** outcomes of records `[start, start + outcomes.length)`, the prefix that finished */
  readonly outcomes: readonly RawOutcome[];
  readonly logs: readonly LogLine[];
  /** log lines the sandbox dropped itself (its own cap) */
  readonly droppedLogs: number;
  readonly stop?: BatchStop;
}

/**
 * Runs a slice of a prepared run's records inside a sandbox. Implementations recover by
 * themselves (a disposed isolate or a killed worker is replaced before the next call).
 */
export interface BatchExecutor {
  execute(start: number, count: number, budgetMs: number): Promise<BatchOutcome>;
  /** isolates / workers replaced so far */
  readonly restarts: number;
}
