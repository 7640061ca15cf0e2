import { runScheduled } from '../batch-scheduler.js';
import { LogBuffer } from '../log-buffer.js';
import { checkOutput } from '../output-validator.js';
import { validateRequest } from '../request-validator.js';
import { codeErrorResult, scheduledResult, SerialQueue } from '../run-result.js';
import { SandboxError } from '../sandbox-error.js';
import { resolveLimits } from '../sandbox-limits.js';
import type { JsRunRequest, KindOutputs, RunKind, RunResult, SandboxLimits, SandboxRunner } from '../sandbox-types.js';
import { JsIsolateHost } from './js-isolate-host.js';
import { JsRunSession } from './js-run-session.js';
import { transformSource } from './js-source-transform.js';

export interface JsRunnerOptions {
  /** defaults for every run (a request's own limits override them) */
  readonly limits?: Partial<SandboxLimits>;
  /** V8 heap limit of the isolate in MB (default 128); a run over it gets a new isolate */
  readonly memoryMb?: number;
}

export type JsRunner = SandboxRunner<JsRunRequest>;

/** A missing lookup list is a code error naming the list and the lists that exist. */
function missingList(imported: readonly string[], knowledge: Readonly<Record<string, readonly string[]>>): string | null {
  const missing = imported.filter((name) => !Object.hasOwn(knowledge, name));
  if (missing.length === 0) return null;
  const available = Object.keys(knowledge);
  return `lookup list ${missing.map((m) => `"${m}"`).join(', ')} does not exist; available: ${available.length ? available.join(', ') : 'none'}`;
}

/**
 * Runs JavaScript and TypeScript labeling functions and computed attributes in one isolated-vm
 * isolate. Runs are serialized on the isolate (V8 runs one isolate on one thread at a time
 * anyway); each run gets a fresh context.
 */
export function createJsRunner(options: JsRunnerOptions = {}): JsRunner {
  const memoryMb = options.memoryMb ?? 128;
  if (!Number.isSafeInteger(memoryMb) || memoryMb < 8) throw new SandboxError('INVALID_LIMITS', `memoryMb must be an integer >= 8, got ${memoryMb}`);
  resolveLimits(options.limits);
  const host = new JsIsolateHost(memoryMb);
  const queue = new SerialQueue();
  let disposed = false;

  async function run<K extends RunKind>(request: JsRunRequest<K>): Promise<RunResult<KindOutputs[K]>> {
    if (disposed) throw new SandboxError('DISPOSED', 'the JavaScript runner has been disposed');
    validateRequest(request);
    const limits = resolveLimits(options.limits, request.limits);
    const startedAt = performance.now();
    const logs = new LogBuffer(limits.maxLogLines, limits.maxLogLineChars);
    const knowledge = request.knowledge ?? {};
    const total = request.records.length;

    const source = await transformSource(request.code, request.language ?? 'javascript', request.kind, request.entry);
    if (!source.ok) return codeErrorResult(source.message, total, logs, startedAt, performance.now() - startedAt);
    const missing = missingList(source.importedLists, knowledge);
    if (missing) return codeErrorResult(missing, total, logs, startedAt, performance.now() - startedAt);

    return queue.run(async () => {
      if (disposed) throw new SandboxError('DISPOSED', 'the JavaScript runner has been disposed');
      const session = new JsRunSession(
        host,
        source,
        {
          kind: request.kind,
          entry: source.entry,
          maxOutputChars: limits.maxOutputChars,
          maxSpans: limits.maxSpansPerRecord,
          maxLogLines: limits.maxLogLines,
          maxLogLineChars: limits.maxLogLineChars,
          knowledge,
        },
        request.records,
        limits.setupMs,
      );
      const checkContext = { kind: request.kind, attributeType: request.attributeType, targetAttribute: request.targetAttribute, limits };
      try {
        const opened = await session.open();
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
    });
  }

  return {
    run,
    async dispose() {
      disposed = true;
      await queue.run(async () => host.dispose());
    },
  };
}
