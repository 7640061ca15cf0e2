import type ivm from 'isolated-vm';
import { ABSTAINED, type BatchExecutor, type BatchOutcome, type BatchStop, type LogLine, type RawOutcome } from '../batch-executor.js';
import type { FailureReason, SandboxRecord } from '../sandbox-types.js';
import { errorMessage, errorName } from '../error-text.js';
import { encodeBatch, type EncodedBatch } from './js-batch-encoding.js';
import type { JsIsolateHost } from './js-isolate-host.js';
import type { TransformedSource } from './js-source-transform.js';

const TIMED_OUT = 'Script execution timed out.';
/** what isolated-vm throws (past any try/catch in the isolate) for `import()` */
const IMPORT_REFUSED = 'Not supported';
const REASONS: ReadonlySet<FailureReason> = new Set(['error', 'wrong-type', 'invalid-span', 'output-limit', 'time-limit', 'memory-limit', 'crashed']);

export interface SessionConfig {
  readonly kind: string;
  readonly entry: string;
  readonly maxOutputChars: number;
  readonly maxSpans: number;
  readonly maxLogLines: number;
  readonly maxLogLineChars: number;
  readonly knowledge: Readonly<Record<string, readonly string[]>>;
}

export type OpenResult = { readonly ok: true; readonly logs: LogLine[]; readonly droppedLogs: number } | { readonly ok: false; readonly message: string };

type RunBatchRef = ivm.Reference<(head: string, strings: string[], start: number) => string>;

interface Wire {
  readonly o?: unknown[];
  readonly l: [number, string][];
  readonly d: number;
}

function decode(value: unknown): RawOutcome {
  if (value === null) return ABSTAINED;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { f, m } = value as { f?: unknown; m?: unknown };
    return { ok: false, reason: REASONS.has(f as FailureReason) ? (f as FailureReason) : 'error', message: String(m) };
  }
  return { ok: true, value };
}

function logLines(wire: Wire): LogLine[] {
  return wire.l.map(([index, text]) => ({ index, text }));
}

/** V8's compile error, with the line in the user's numbering (the wrapper adds two lines at the end). */
function syntaxMessage(e: unknown, userLines: number): string {
  const message = errorMessage(e);
  const match = / \[file:\/\/\/user-code\.js:(\d+):\d+\]$/.exec(message);
  const text = match ? message.slice(0, match.index) : message;
  const line = match ? Number(match[1]) : undefined;
  const where = line === undefined ? '' : line > userLines ? ' (at the end of the code: is a bracket not closed?)' : ` (line ${line})`;
  return `${errorName(e)}: ${text}${where}`;
}

const isMemoryError = (e: unknown, isolate: ivm.Isolate): boolean =>
  isolate.isDisposed || /memory limit/i.test(errorMessage(e));

/**
 * One run's context in the isolate. Each run gets a fresh context, so nothing one run does to
 * the globals or built-in prototypes is seen by the next. Implements the batch executor: after
 * a timeout it collects the outcomes finished so far; after a memory bomb it sets the whole
 * context up again in a new isolate.
 */
export class JsRunSession implements BatchExecutor {
  private context: ivm.Context | undefined;
  private isolate: ivm.Isolate | undefined;
  private runBatchRef: RunBatchRef | undefined;
  private partialRef: ivm.Reference<() => string> | undefined;
  private startReplacements: number;

  constructor(
    private readonly host: JsIsolateHost,
    private readonly source: TransformedSource,
    private readonly config: SessionConfig,
    private readonly records: readonly SandboxRecord[],
    private readonly setupMs: number,
  ) {
    this.startReplacements = host.replacements;
  }

  get restarts(): number {
    return this.host.replacements - this.startReplacements;
  }

  /** Sets up the context and runs the code's top level. */
  async open(): Promise<OpenResult> {
    this.close();
    const { isolate, prelude } = await this.host.current();
    this.isolate = isolate;
    const context = await isolate.createContext();
    this.context = context;
    const api = (await prelude.run(context, { reference: true, timeout: 1_000 })) as ivm.Reference<Record<string, unknown>>;
    const fnRef = async <F>(name: string): Promise<ivm.Reference<F>> => (await api.get(name, { reference: true })) as ivm.Reference<F>;
    const configure = await fnRef<(json: string) => void>('configure');
    await configure.apply(undefined, [JSON.stringify(this.config)], { timeout: 1_000 });
    this.runBatchRef = await fnRef('runBatch');
    this.partialRef = await fnRef('partial');
    const drain = await fnRef<() => string>('drain');

    let script: ivm.Script;
    try {
      script = await this.host.script(this.source.hash, this.source.script);
    } catch (e) {
      return { ok: false, message: syntaxMessage(e, this.source.userLines) };
    }
    let setupError: string | undefined;
    try {
      await script.run(context, { timeout: this.setupMs });
    } catch (e) {
      if (isMemoryError(e, isolate)) setupError = `the code's top level ran out of memory (limit ${this.host.memoryMb} MB)`;
      else if (errorMessage(e) === TIMED_OUT) setupError = `the code's top level ran over ${this.setupMs} ms`;
      else setupError = `the code's top level threw ${errorName(e)}: ${errorMessage(e)}`;
    }
    if (isolate.isDisposed) return { ok: false, message: setupError ?? 'the isolate was disposed' };
    const wire = JSON.parse(await drain.apply(undefined, [], { result: { copy: true }, timeout: 1_000 })) as Wire;
    if (setupError) return { ok: false, message: setupError };
    return { ok: true, logs: logLines(wire), droppedLogs: wire.d };
  }

  private prepared: { start: number; count: number; batch: EncodedBatch } | null = null;
  /** The next batch, already running in the isolate (see execute). */
  private inflight: { start: number; count: number; promise: Promise<string> } | null = null;

  private static startBatch(runBatch: RunBatchRef, batch: EncodedBatch, start: number, budgetMs: number): Promise<string> {
    return runBatch.apply(undefined, [batch.head, batch.strings, start], { arguments: { copy: true }, result: { copy: true }, timeout: Math.max(1, Math.ceil(budgetMs)) });
  }

  async execute(start: number, count: number, budgetMs: number): Promise<BatchOutcome> {
    const isolate = this.isolate;
    if (!isolate || isolate.isDisposed || !this.runBatchRef || !this.partialRef) {
      const reopened = await this.open();
      if (!reopened.ok) return { outcomes: [], logs: [], droppedLogs: 0, stop: { kind: 'crash', message: `the sandbox could not be set up again: ${reopened.message}` } };
      return this.execute(start, count, budgetMs);
    }
    const speculative = this.inflight;
    this.inflight = null;
    let running: Promise<string>;
    if (speculative && speculative.start === start && speculative.count === count) {
      running = speculative.promise;
    } else {
      // The scheduler went another way (a record alone, the run's end): let that batch finish.
      if (speculative) await speculative.promise.catch(() => undefined);
      const batch = this.prepared?.start === start && this.prepared.count === count ? this.prepared.batch : encodeBatch(this.records, start, start + count);
      running = JsRunSession.startBatch(this.runBatchRef, batch, start, budgetMs);
    }
    this.prepared = null;
    try {
      // The isolate runs on its own thread: encode the next batch meanwhile (most runs go on
      // with the next batch of the same size).
      const nextStart = start + count;
      const nextCount = Math.min(count, this.records.length - nextStart);
      if (nextCount > 0) this.prepared = { start: nextStart, count: nextCount, batch: encodeBatch(this.records, nextStart, nextStart + nextCount) };
      const result = await running;
      // A clean batch: start the next one at once, so the isolate works while the host checks
      // this batch's outputs (the scheduler asks for exactly that batch next, or it is dropped).
      if (this.prepared && this.runBatchRef) {
        const promise = JsRunSession.startBatch(this.runBatchRef, this.prepared.batch, nextStart, budgetMs);
        promise.catch(() => undefined);
        this.inflight = { start: nextStart, count: nextCount, promise };
        this.prepared = null;
      }
      const wire = JSON.parse(result) as Wire;
      return { outcomes: (wire.o ?? []).map(decode), logs: logLines(wire), droppedLogs: wire.d };
    } catch (e) {
      if (isMemoryError(e, isolate)) {
        this.close();
        return {
          outcomes: [],
          logs: [],
          droppedLogs: 0,
          stop: { kind: 'memory', message: `ran out of memory (isolate limit ${this.host.memoryMb} MB); the isolate was replaced` },
        };
      }
      const message = errorMessage(e);
      const stop: BatchStop | undefined =
        message === TIMED_OUT
          ? { kind: 'timeout', message: 'ran over the time limit' }
          : message === IMPORT_REFUSED
            ? { kind: 'error', message: 'import() is not available in the sandbox (no modules, files, network or processes)' }
            : undefined;
      if (stop) {
        const wire = JSON.parse(await this.partialRef.apply(undefined, [], { result: { copy: true }, timeout: 1_000 })) as Wire;
        let outcomes = (wire.o ?? []).map(decode);
        // Every record returned but the call still ran over: work the code left behind
        // (promise callbacks) ran after the last record. That record is the suspect.
        if (outcomes.length >= count) outcomes = outcomes.slice(0, count - 1);
        return { outcomes, logs: logLines(wire), droppedLogs: wire.d, stop };
      }
      this.close();
      return { outcomes: [], logs: [], droppedLogs: 0, stop: { kind: 'crash', message: `the sandbox failed: ${errorMessage(e)}` } };
    }
  }

  close(): void {
    this.inflight = null;
    this.prepared = null;
    this.runBatchRef = undefined;
    this.partialRef = undefined;
    if (this.context && this.isolate && !this.isolate.isDisposed) this.context.release();
    this.context = undefined;
    this.isolate = undefined;
  }
}
