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
  const ids = new Set<string>();
  request.records.forEach((record, i) => {
    if (typeof record?.id !== 'string' || record.id === '') throw invalid(`records[${i}].id must be a non-empty string`);
    if (ids.has(record.id)) throw invalid(`records[${i}].id "${record.id}" is duplicated`);
    ids.add(record.id);
    if (typeof record.data !== 'object' || record.data === null) throw invalid(`records[${i}].data must be an object`);
  });
  for (const [name, terms] of Object.entries(request.knowledge ?? {})) {
    if (!LIST_NAME.test(name)) throw invalid(`knowledge list "${name}" is not a valid identifier`);
    if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) {
      throw invalid(`knowledge list "${name}" must be an array of strings`);
    }
  }
}
