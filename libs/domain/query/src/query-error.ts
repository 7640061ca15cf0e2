import type { z } from 'zod';

export const queryErrorCodes = [
  'INVALID_QUERY',
  'UNKNOWN_ATTRIBUTE',
  'UNKNOWN_TASK',
  'UNKNOWN_LABEL',
  'TYPE_MISMATCH',
  'UNSUPPORTED_OPERATOR',
  'MISSING_VALUE',
  'UNEXPECTED_VALUE',
  'INVALID_RANGE',
  'TOO_DEEP',
  'MISSING_SIMILARITY',
  'INVALID_CURSOR',
] as const;
export type QueryErrorCode = (typeof queryErrorCodes)[number];

/** One problem, at a path like `filter.conditions[1].value`. */
export interface QueryIssue {
  readonly code: QueryErrorCode;
  readonly path: string;
  readonly message: string;
}

/** A query the caller must fix (maps to a 400 / BAD_REQUEST reply); `issues` name every fault. */
export class QueryError extends Error {
  readonly code: QueryErrorCode;
  readonly issues: readonly QueryIssue[];

  constructor(issues: readonly QueryIssue[]) {
    const first = issues[0];
    super(
      first ? issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ') : 'invalid query',
    );
    this.name = 'QueryError';
    this.code = first?.code ?? 'INVALID_QUERY';
    this.issues = issues;
  }

  static single(code: QueryErrorCode, path: string, message: string): QueryError {
    return new QueryError([{ code, path, message }]);
  }
}

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? String(s) : `.${String(s)}`;
  }
  return out;
}

export function issuesFromZod(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
): QueryIssue[] {
  return error.issues.map((i) => ({
    code: 'INVALID_QUERY' as const,
    path: formatPath([...prefix, ...i.path]),
    message: i.message,
  }));
}
