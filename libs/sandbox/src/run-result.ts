import type { ScheduleResult } from './batch-scheduler.js';
import type { LogBuffer } from './log-buffer.js';
import type { RunResult } from './sandbox-types.js';

/** The result of a run whose code could not be set up: no record ran. */
export function codeErrorResult<T>(message: string, records: number, logs: LogBuffer, startedAt: number, setupMs: number): RunResult<T> {
  return {
    status: 'code-error',
    codeError: message,
    results: new Map(),
    failures: [],
    logs: logs.toArray(),
    stats: {
      records,
      succeeded: 0,
      abstained: 0,
      failed: 0,
      notRun: records,
      durationMs: performance.now() - startedAt,
      calls: 0,
      restarts: 0,
      setupMs,
    },
  };
}

export function scheduledResult<T>(
  scheduled: ScheduleResult,
  records: number,
  logs: LogBuffer,
  startedAt: number,
  setupMs: number,
  restarts: number,
): RunResult<T> {
  return {
    status: scheduled.status,
    results: scheduled.results as Map<string, T | null>,
    failures: scheduled.failures,
    logs: logs.toArray(),
    stats: {
      records,
      succeeded: scheduled.results.size,
      abstained: scheduled.abstained,
      failed: scheduled.failures.length,
      notRun: scheduled.notRun,
      durationMs: performance.now() - startedAt,
      calls: scheduled.calls,
      restarts,
      setupMs,
    },
  };
}

/** Serializes async work on one resource (an isolate, a worker). */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
