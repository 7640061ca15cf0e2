import { SandboxError } from './sandbox-error.js';
import type { RunKind, RunRequestBase } from './sandbox-types.js';

const KINDS: ReadonlySet<RunKind> = new Set(['classification', 'multi-label', 'extraction', 'attribute']);
const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set(['TEXT', 'CATEGORY', 'INTEGER', 'FLOAT', 'BOOLEAN', 'EMBEDDING_LIST']);
/** a name importable from `knowledge` in both JavaScript and Python */
const LIST_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const invalid = (message: string): SandboxError => new SandboxError('INVALID_REQUEST', message);

/** Rejects a malformed request (a caller bug) with a message naming the field at fault. */
export function validateRequest(request: RunRequestBase): void {
  if (typeof request.code !== 'string' || request.code.trim() === '') throw invalid('"code" must be a non-empty string');
  if (!KINDS.has(request.kind)) throw invalid(`"kind" must be one of ${[...KINDS].join(', ')}, got ${String(request.kind)}`);
  if (request.kind === 'attribute' && !ATTRIBUTE_TYPES.has(request.attributeType ?? '')) {
    throw invalid(`"attributeType" must be one of ${[...ATTRIBUTE_TYPES].join(', ')} for an attribute run`);
  }
  if (request.kind === 'extraction' && (typeof request.targetAttribute !== 'string' || request.targetAttribute === '')) {
    throw invalid('"targetAttribute" is required for an extraction run');
  }
  if (request.entry !== undefined && !LIST_NAME.test(request.entry)) throw invalid(`"entry" is not a function name: ${request.entry}`);
  if (!Array.isArray(request.records)) throw invalid('"records" must be an array');
  // Duplicate ids are found by the scheduler as outcomes arrive (checkUniqueIds), while the
  // sandbox already works on the next batch: a Set over every id here would delay each run's start.
  request.records.forEach((record, i) => {
    if (typeof record?.id !== 'string' || record.id === '') throw invalid(`records[${i}].id must be a non-empty string`);
    if (typeof record.data !== 'object' || record.data === null) throw invalid(`records[${i}].data must be an object`);
  });
  for (const [name, terms] of Object.entries(request.knowledge ?? {})) {
    if (!LIST_NAME.test(name)) throw invalid(`knowledge list "${name}" is not a valid identifier`);
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) {
      throw invalid(`knowledge list "${name}" must be an array of strings`);
    }
  }
}

/**
 * After a run: every record that ran has exactly one outcome (a result or failures) keyed by its
 * id, so fewer distinct ids than records means a duplicated id — a caller bug, rejected like any
 * other malformed request. Costs O(failures) unless a duplicate exists.
 */
export function checkUniqueIds(records: readonly { readonly id: string }[], ran: number, results: ReadonlyMap<string, unknown>, failedIds: Iterable<string>): void {
  let distinct = results.size;
  for (const id of new Set(failedIds)) if (!results.has(id)) distinct++;
  if (distinct >= ran) return;
  const seen = new Set<string>();
  for (let i = 0; i < ran; i++) {
    const id = (records[i] as { readonly id: string }).id;
    if (seen.has(id)) throw invalid(`records[${i}].id "${id}" is duplicated`);
    seen.add(id);
  }
}
