import type { z } from 'zod';
import { AppError, describeIssues } from '@refinery/server-core';

/**
 * Parses one part of a request with its zod schema; a failure is VALIDATION_FAILED naming each
 * field at fault (`body.email: ...`).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, part: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: [part, ...i.path.map(String)], message: i.message }));
  throw new AppError('VALIDATION_FAILED', describeIssues(issues), { issues });
}
