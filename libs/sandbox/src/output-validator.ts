import type { AttributeDataType, FailureReason, RunKind, SandboxLimits, SandboxRecord, SpanOutput } from './sandbox-types.js';

export interface OutputCheckContext {
  readonly kind: RunKind;
  readonly attributeType?: AttributeDataType;
  readonly targetAttribute?: string;
  readonly limits: Pick<SandboxLimits, 'maxOutputChars' | 'maxSpansPerRecord'>;
}

export type CheckedOutput =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: FailureReason; readonly message: string };

/** shared: most records abstain, and a run checks hundreds of thousands of them */
const ABSTAINED: CheckedOutput = Object.freeze({ ok: true, value: null });
const fail = (reason: FailureReason, message: string): CheckedOutput => ({ ok: false, reason, message });

/** A short description of what came back, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}

function tooLong(chars: number, limit: number): CheckedOutput | null {
  return chars > limit ? fail('output-limit', `output of ${chars} characters exceeds the limit of ${limit}`) : null;
}

function checkLabel(value: unknown, what: string): string | null {
  if (typeof value !== 'string') return `${what} must be a label name (string), got ${describeValue(value)}`;
  if (value.length === 0) return `${what} is an empty label name`;
  return null;
}

function checkClassification(value: unknown, ctx: OutputCheckContext): CheckedOutput {
  const problem = checkLabel(value, 'the return value');
  if (problem) return fail('wrong-type', `${problem} (or nothing to abstain)`);
  return tooLong((value as string).length, ctx.limits.maxOutputChars) ?? { ok: true, value };
}

function checkMultiLabel(value: unknown, ctx: OutputCheckContext): CheckedOutput {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) return fail('wrong-type', `expected an array of label names, got ${describeValue(value)}`);
  let chars = 0;
  for (let i = 0; i < list.length; i++) {
    const problem = checkLabel(list[i], `element ${i}`);
    if (problem) return fail('wrong-type', problem);
    chars += (list[i] as string).length + 3;
  }
  const over = tooLong(chars, ctx.limits.maxOutputChars);
  if (over) return over;
  const unique = [...new Set(list as string[])];
  return { ok: true, value: unique.length === 0 ? null : unique };
}

function checkExtraction(value: unknown, record: SandboxRecord, ctx: OutputCheckContext): CheckedOutput {
  if (!Array.isArray(value)) return fail('wrong-type', `expected spans [label, start, end], got ${describeValue(value)}`);
  if (value.length > ctx.limits.maxSpansPerRecord) {
    return fail('output-limit', `more than ${ctx.limits.maxSpansPerRecord} spans`);
  }
  const target = ctx.targetAttribute ?? '';
  const text = record.data[target];
  if (typeof text !== 'string') return fail('invalid-span', `attribute "${target}" is not a text attribute of this record`);
  const spans: SpanOutput[] = [];
  let chars = 0;
  for (let i = 0; i < value.length; i++) {
    const span: unknown = value[i];
    if (!Array.isArray(span) || span.length !== 3) {
      return fail('wrong-type', `span ${i} must be [label, start, end], got ${describeValue(span)}`);
    }
    const [label, start, end] = span as unknown[];
    const problem = checkLabel(label, `span ${i}'s label`);
    if (problem) return fail('wrong-type', problem);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
      return fail('wrong-type', `span ${i} needs integer start and end, got ${describeValue(start)} and ${describeValue(end)}`);
    }
    const s = start as number;
    const e = end as number;
    if (s < 0 || e > text.length || s >= e) {
      return fail('invalid-span', `span ${i} [${s}, ${e}) is not a non-empty range inside "${target}" (length ${text.length}, end exclusive)`);
    }
    chars += (label as string).length + 24;
    spans.push([label as string, s, e]);
  }
  return tooLong(chars, ctx.limits.maxOutputChars) ?? { ok: true, value: spans };
}

function checkAttribute(value: unknown, ctx: OutputCheckContext): CheckedOutput {
  const type = ctx.attributeType;
  const expected = (what: string): CheckedOutput => fail('wrong-type', `expected ${what} for a ${type} attribute, got ${describeValue(value)}`);
  switch (type) {
    case 'TEXT':
    case 'CATEGORY':
      if (typeof value !== 'string') return expected('a string');
      return tooLong(value.length, ctx.limits.maxOutputChars) ?? { ok: true, value };
    case 'INTEGER':
      return Number.isSafeInteger(value) ? { ok: true, value } : expected('a safe integer');
    case 'FLOAT':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : expected('a finite number');
    case 'BOOLEAN':
      return typeof value === 'boolean' ? { ok: true, value } : expected('a boolean');
    case 'EMBEDDING_LIST': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return expected('an array of strings');
      const chars = value.reduce((n: number, v: string) => n + v.length + 3, 0);
      return tooLong(chars, ctx.limits.maxOutputChars) ?? { ok: true, value: [...value] };
    }
    default:
      return fail('wrong-type', `unknown attribute type ${String(type)}`);
  }
}

/**
 * Checks one record's raw output (already plain data copied out of the sandbox) against the
 * run kind. `null`/`undefined` is an abstention for every kind. Never trusts the sandbox: the
 * in-sandbox checks only exist to stop oversized values before they are copied out.
 */
export function checkOutput(raw: unknown, record: SandboxRecord, ctx: OutputCheckContext): CheckedOutput {
  if (raw === null || raw === undefined) return ABSTAINED;
  switch (ctx.kind) {
    case 'classification':
      return checkClassification(raw, ctx);
    case 'multi-label':
      return checkMultiLabel(raw, ctx);
    case 'extraction': {
      const checked = checkExtraction(raw, record, ctx);
      return checked.ok && (checked.value as unknown[]).length === 0 ? ABSTAINED : checked;
    }
    case 'attribute':
      return checkAttribute(raw, ctx);
  }
}
