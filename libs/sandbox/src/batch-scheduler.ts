import type { BatchExecutor, BatchOutcome, BatchStop, RawOutcome } from './batch-executor.js';
import type { LogBuffer } from './log-buffer.js';
import { checkUniqueIds } from './request-validator.js';
import type { CheckedOutput } from './output-validator.js';
import type { FailureReason, RecordFailure, RunStatus, SandboxLimits, SandboxRecord } from './sandbox-types.js';

export interface ScheduleParams {
  readonly records: readonly SandboxRecord[];
  readonly executor: BatchExecutor;
  readonly limits: SandboxLimits;
  readonly check: (raw: unknown, record: SandboxRecord) => CheckedOutput;
  readonly logs: LogBuffer;
  /** absolute `performance.now()` deadline of the run */
  readonly deadline: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface ScheduleResult {
  readonly status: Exclude<RunStatus, 'code-error'>;
  readonly results: Map<string, unknown>;
  readonly failures: RecordFailure[];
  readonly abstained: number;
  readonly notRun: number;
  readonly calls: number;
}

const STOP_REASON: Record<BatchStop['kind'], FailureReason> = {
  timeout: 'time-limit',
  error: 'error',
  memory: 'memory-limit',
  crash: 'crashed',
};

/**
 * Runs records in batches with a time budget per batch. A batch that runs over (or kills its
 * sandbox) is not a verdict on any record: the record it stopped at is rerun alone with the
 * full per-record limit, and only a record that fails alone is reported. Records that finished
 * before the stop keep their outputs, and batching resumes after the offender.
 */
export async function runScheduled(p: ScheduleParams): Promise<ScheduleResult> {
  const now = p.now ?? (() => performance.now());
  const perRecord = p.limits.perRecordMs;
  const results = new Map<string, unknown>();
  const failures: RecordFailure[] = [];
  let abstained = 0;
  let calls = 0;
  let msPerRecord: number | undefined;

  // Budget: generous against the measured pace (so an infinite loop is noticed in a fraction of
  // records x limit), never more than records x limit, never less than one record's limit.
  const budgetFor = (count: number): number => {
    const cap = count * perRecord;
    if (msPerRecord === undefined) return Math.min(cap, Math.max(perRecord * 2, 1_000));
    return Math.min(cap, Math.max(perRecord, Math.ceil(20 * count * msPerRecord) + 200));
  };

  const accept = (index: number, outcome: RawOutcome): void => {
    const record = p.records[index] as SandboxRecord;
    const checked = outcome.ok ? p.check(outcome.value, record) : outcome;
    if (checked.ok) {
      results.set(record.id, checked.value);
      if (checked.value === null) abstained++;
    } else {
      failures.push({ recordId: record.id, reason: checked.reason, message: `record ${record.id}: ${checked.message}` });
    }
  };

  const call = async (start: number, count: number, budget: number): Promise<BatchOutcome> => {
    calls++;
    const t0 = now();
    const outcome = await p.executor.execute(start, count, budget);
    if (!outcome.stop && count > 0) {
      const pace = (now() - t0) / count;
      msPerRecord = msPerRecord === undefined ? pace : 0.7 * msPerRecord + 0.3 * pace;
    }
    for (const line of outcome.logs) {
      const record = p.records[line.index];
      p.logs.push(line.text, record ? `[record ${record.id}] ` : '');
    }
    p.logs.addDropped(outcome.droppedLogs);
    outcome.outcomes.forEach((o, k) => accept(start + k, o));
    return outcome;
  };

  /** runs one record alone; returns false when the run's wall time ran out */
  const runAlone = async (index: number): Promise<boolean> => {
    const remaining = p.deadline - now();
    const budget = Math.min(perRecord, remaining);
    if (budget <= 0) return false;
    const outcome = await call(index, 1, budget);
    if (!outcome.stop) return true;
    if (outcome.stop.kind === 'timeout' && budget < perRecord) return false;
    const record = p.records[index] as SandboxRecord;
    const limitNote = outcome.stop.kind === 'timeout' ? ` (limit ${perRecord} ms per record)` : '';
    failures.push({
      recordId: record.id,
      reason: STOP_REASON[outcome.stop.kind],
      message: `record ${record.id}: ${outcome.stop.message}${limitNote}`,
    });
    return true;
  };

  let status: ScheduleResult['status'] = 'ok';
  let next = 0;
  const n = p.records.length;
  while (next < n) {
    if (p.signal?.aborted) {
      status = 'cancelled';
      break;
    }
    const remaining = p.deadline - now();
    const count = Math.min(p.limits.batchSize, n - next);
    const wanted = budgetFor(count);
    const budget = Math.min(wanted, remaining);
    if (budget <= 0) {
      status = 'wall-time-exceeded';
      break;
    }
    const outcome = await call(next, count, budget);
    next += outcome.outcomes.length;
    if (!outcome.stop) continue;
    if (outcome.stop.kind === 'timeout' && budget < wanted && p.deadline - now() <= 0) {
      status = 'wall-time-exceeded';
      break;
    }
    // timeout/error: only the record that was running is suspect; memory/crash: the rest of the batch is.
    const suspects = outcome.stop.kind === 'timeout' || outcome.stop.kind === 'error' ? 1 : count - outcome.outcomes.length;
    let outOfTime = false;
    for (let k = 0; k < suspects && !outOfTime; k++) {
      if (await runAlone(next)) next++;
      else outOfTime = true;
    }
    if (outOfTime) {
      status = 'wall-time-exceeded';
      break;
    }
  }
  checkUniqueIds(p.records, next, results, failures.map((f) => f.recordId));
  return { status, results, failures, abstained, notRun: n - next, calls };
}
