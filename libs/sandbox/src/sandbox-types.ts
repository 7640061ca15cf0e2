/** What a piece of user code computes for one record. */
export type RunKind = 'classification' | 'multi-label' | 'extraction' | 'attribute';

/** Declared type of a computed attribute (refinery's attribute data types). */
export type AttributeDataType = 'TEXT' | 'CATEGORY' | 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'EMBEDDING_LIST';

/** A record attribute as user code sees it (EMBEDDING_LIST attributes are lists of strings). */
export type AttributeValue = string | number | boolean | null | readonly string[];

/**
 * Token offsets of one text attribute, flattened: `[start0, end0, start1, end1, ...]` in UTF-16
 * code units, end exclusive (the shape `@refinery/tokenize` tokens flatten to).
 */
export type TokenOffsets = readonly number[];

export interface SandboxRecord {
  readonly id: string;
  readonly data: Readonly<Record<string, AttributeValue>>;
  /** per text attribute; the Python runner tokenizes attributes that have none */
  readonly tokens?: Readonly<Record<string, TokenOffsets>>;
}

/** An extraction hit: a character range `[start, end)` of the target attribute. */
export type SpanOutput = readonly [label: string, start: number, end: number];

export type AttributeOutput = string | number | boolean | readonly string[];

/** Output type per kind; `null` in results means "no label / no value" (abstain). */
export interface KindOutputs {
  classification: string;
  'multi-label': readonly string[];
  extraction: readonly SpanOutput[];
  attribute: AttributeOutput;
}

export type JsLanguage = 'javascript' | 'typescript';
export type SandboxLanguage = JsLanguage | 'python';

/** Time, memory and output limits. Every field is optional in requests; see `DEFAULT_LIMITS`. */
export interface SandboxLimits {
  /** time one record may take; a batch's budget is derived from it (see README) */
  readonly perRecordMs: number;
  /** wall time of the whole run; records not reached are counted as `notRun` */
  readonly runWallMs: number;
  /** time the code's top level (imports, definitions) may take */
  readonly setupMs: number;
  /** characters of one record's output (a label, a TEXT value, the serialized spans) */
  readonly maxOutputChars: number;
  /** spans one record may yield (extraction) */
  readonly maxSpansPerRecord: number;
  /** records per sandbox call */
  readonly batchSize: number;
  /** log lines kept per run (later lines are counted, not kept) */
  readonly maxLogLines: number;
  /** characters kept per log line */
  readonly maxLogLineChars: number;
}

export interface RunRequestBase<K extends RunKind = RunKind> {
  readonly code: string;
  readonly kind: K;
  readonly records: readonly SandboxRecord[];
  /** lookup lists importable as `knowledge` (name -> terms) */
  readonly knowledge?: Readonly<Record<string, readonly string[]>>;
  /** required for `attribute` runs */
  readonly attributeType?: AttributeDataType;
  /** required for `extraction` runs: the text attribute whose characters spans refer to */
  readonly targetAttribute?: string;
  /**
   * Function to call. Default: `lf` (labeling functions) or `ac` (attributes) when defined,
   * otherwise the first top-level function.
   */
  readonly entry?: string;
  readonly limits?: Partial<SandboxLimits>;
  /** cancels the run between batches (records not reached are `notRun`) */
  readonly signal?: AbortSignal;
}

export interface JsRunRequest<K extends RunKind = RunKind> extends RunRequestBase<K> {
  /** default `javascript` */
  readonly language?: JsLanguage;
}

export interface PythonRunRequest<K extends RunKind = RunKind> extends RunRequestBase<K> {
  /**
   * Attributes user code receives as document objects (`.text`, tokens, spans). Default: every
   * attribute holding a string in the first record.
   */
  readonly textAttributes?: readonly string[];
}

export type FailureReason =
  | 'error'
  | 'wrong-type'
  | 'invalid-span'
  | 'output-limit'
  | 'time-limit'
  | 'memory-limit'
  | 'crashed';

/** A record the code failed on: it is skipped (no output) and counted. */
export interface RecordFailure {
  readonly recordId: string;
  readonly reason: FailureReason;
  /** names the record, e.g. `record r-17: lf threw TypeError: ...` */
  readonly message: string;
}

/**
 * `ok`: every record was attempted. `code-error`: the code could not be set up (syntax, missing
 * function, unknown import or lookup list, top level threw or ran over) — nothing ran.
 * `wall-time-exceeded` / `cancelled`: stopped early; results hold what finished.
 */
export type RunStatus = 'ok' | 'code-error' | 'wall-time-exceeded' | 'cancelled';

export interface RunStats {
  readonly records: number;
  readonly succeeded: number;
  /** succeeded with no output (`null`) */
  readonly abstained: number;
  readonly failed: number;
  readonly notRun: number;
  readonly durationMs: number;
  /** sandbox calls made (batches and single-record reruns) */
  readonly calls: number;
  /** isolates or Python workers replaced during the run (memory limit, unresponsive) */
  readonly restarts: number;
  /** time spent preparing the code (transpile, compile, top level) */
  readonly setupMs: number;
}

export interface RunResult<T = unknown> {
  readonly status: RunStatus;
  /** set when status is `code-error` */
  readonly codeError?: string;
  /** every record that succeeded, by id; `null` = abstained / no value */
  readonly results: ReadonlyMap<string, T | null>;
  readonly failures: readonly RecordFailure[];
  /** console.log / print output, `[record <id>] ` prefixed, bounded by the log limits */
  readonly logs: readonly string[];
  readonly stats: RunStats;
}

export interface SandboxRunner<Req extends RunRequestBase> {
  run<K extends RunKind>(request: Req & { readonly kind: K }): Promise<RunResult<KindOutputs[K]>>;
  /** stops isolates / workers; later runs reject */
  dispose(): Promise<void>;
}
