import { runScheduled } from '../batch-scheduler.js';
import { LogBuffer } from '../log-buffer.js';
import { checkOutput } from '../output-validator.js';
import { validateRequest } from '../request-validator.js';
import { codeErrorResult, scheduledResult } from '../run-result.js';
import { SandboxError } from '../sandbox-error.js';
import { resolveLimits } from '../sandbox-limits.js';
import type { KindOutputs, PythonRunRequest, RunKind, RunResult, SandboxLimits, SandboxRunner } from '../sandbox-types.js';
import { encodeRecords, textAttributesOf } from './python-records.js';
import { PythonRunSession } from './python-run-session.js';
import { PythonWorkerPool } from './python-worker-pool.js';

export interface PythonRunnerOptions {
  /** defaults for every run (a request's own limits override them) */
  readonly limits?: Partial<SandboxLimits>;
  /** warm workers kept at most (default 2; created on demand) */
  readonly workers?: number;
  /** wasm heap limit per interpreter in MB (default 512) */
  readonly memoryMb?: number;
  /** time a worker may take to load Pyodide (default 120 s) */
  readonly startupMs?: number;
  /** how long an interrupted call may take to stop before its worker is terminated (default 1 s) */
  readonly graceMs?: number;
}

export interface PythonRunner extends SandboxRunner<PythonRunRequest> {
  /** starts `count` workers now so that the first run does not wait for Pyodide (~4 s) */
  warmUp(count?: number): Promise<void>;
}

const positive = (name: string, value: number, min = 1): number => {
  if (!Number.isSafeInteger(value) || value < min) throw new SandboxError('INVALID_LIMITS', `${name} must be an integer >= ${min}, got ${value}`);
  return value;
};

/**
 * Runs Python labeling functions and computed attributes in Pyodide, in worker threads with warm
 * interpreters. Each run holds one worker; runs beyond the pool size wait for a free worker.
 */
export function createPythonRunner(options: PythonRunnerOptions = {}): PythonRunner {
  const memoryMb = positive('memoryMb', options.memoryMb ?? 512, 64);
  const pool = new PythonWorkerPool(positive('workers', options.workers ?? 2), {
    memoryMb,
    startupMs: positive('startupMs', options.startupMs ?? 120_000),
    graceMs: positive('graceMs', options.graceMs ?? 1_000),
  });
  resolveLimits(options.limits);
  let disposed = false;

  async function run<K extends RunKind>(request: PythonRunRequest<K>): Promise<RunResult<KindOutputs[K]>> {
    if (disposed) throw new SandboxError('DISPOSED', 'the Python runner has been disposed');
    validateRequest(request);
    const limits = resolveLimits({ batchSize: 1_024 }, options.limits, request.limits);
    const startedAt = performance.now();
    const logs = new LogBuffer(limits.maxLogLines, limits.maxLogLineChars);
    const total = request.records.length;
    const textAttributes = textAttributesOf(request);
    const preparePayload = JSON.stringify({
      code: request.code,
      kind: request.kind,
      entry: request.entry,
      attribute_type: request.attributeType,
      target: request.targetAttribute,
      knowledge: request.knowledge ?? {},
      text_attributes: textAttributes,
      max_output_chars: limits.maxOutputChars,
      max_spans: limits.maxSpansPerRecord,
      max_log_lines: limits.maxLogLines,
      max_log_chars: limits.maxLogLineChars,
      memory_mb: memoryMb,
    });
    const encoded = encodeRecords(request.records, textAttributes);
    const session = new PythonRunSession(pool, preparePayload, encoded, limits.setupMs, memoryMb * 2 ** 20);
    const checkContext = { kind: request.kind, attributeType: request.attributeType, targetAttribute: request.targetAttribute, limits };
    try {
      let opened;
      try {
        opened = await session.open();
      } catch (e) {
        throw new SandboxError('STARTUP_FAILED', `the Python sandbox could not start: ${e instanceof Error ? e.message : String(e)}`);
      }
      const setupMs = performance.now() - startedAt;
      if (!opened.ok) return codeErrorResult(opened.message, total, logs, startedAt, setupMs);
      for (const line of opened.logs) logs.push(line.text);
      logs.addDropped(opened.droppedLogs);
      const scheduled = await runScheduled({
        records: request.records,
        executor: session,
        limits,
        logs,
        deadline: startedAt + limits.runWallMs,
        signal: request.signal,
        check: (raw, record) => checkOutput(raw, record, checkContext),
      });
      return scheduledResult(scheduled, total, logs, startedAt, setupMs, session.restarts);
    } finally {
      session.close();
    }
  }

  return {
    run,
    warmUp: (count = 1) => pool.warmUp(count),
    async dispose() {
      disposed = true;
      await pool.dispose();
    },
  };
}
