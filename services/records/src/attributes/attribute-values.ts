import type { DataType, RecordData, RecordValue } from '@refinery/contracts';

export interface AttributeShape {
  name: string;
  dataType: DataType;
}

/** Why `value` does not fit `dataType`, or null when it does (null always fits). */
export function valueProblem(dataType: DataType, value: RecordValue): string | null {
  if (value === null) return null;
  switch (dataType) {
    case 'TEXT':
    case 'CATEGORY':
      return typeof value === 'string' ? null : `expected ${dataType} (a string), got ${describe(value)}`;
    case 'INTEGER':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : `expected an INTEGER, got ${describe(value)}`;
    case 'FLOAT':
      return typeof value === 'number' && Number.isFinite(value) ? null : `expected a FLOAT, got ${describe(value)}`;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : `expected a BOOLEAN, got ${describe(value)}`;
    case 'EMBEDDING_LIST':
      return Array.isArray(value) ? null : `expected an EMBEDDING_LIST (a list of strings), got ${describe(value)}`;
  }
}

export interface FieldProblem {
  /** The attribute name at fault. */
  field: string;
  message: string;
}

/**
 * Checks one record's values against the schema. `partial` (edits) allows missing attributes;
 * otherwise a missing attribute becomes null.
 */
export function checkRecordData(
  attributes: readonly AttributeShape[],
  data: RecordData,
  partial: boolean,
): { data: RecordData; problems: FieldProblem[] } {
  const byName = new Map(attributes.map((a) => [a.name, a]));
  const problems: FieldProblem[] = [];
  const out: RecordData = {};
  for (const [name, value] of Object.entries(data)) {
    const attribute = byName.get(name);
    if (!attribute) {
      problems.push({ field: name, message: 'unknown attribute' });
      continue;
    }
    const problem = valueProblem(attribute.dataType, value);
    if (problem) problems.push({ field: name, message: problem });
    else out[name] = value;
  }
  if (!partial) for (const a of attributes) if (!(a.name in out)) out[a.name] = null;
  return { data: out, problems };
}

function describe(value: RecordValue): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"` : String(value);
}
