import type { z } from 'zod';
import { AppError } from './errors.js';

/** A bad line of an archive (project snapshots' JSON lines): names the collection, the line number and the field at fault. */
export function lineError(collection: string, line: number, field: string, message: string): AppError {
  const where = field ? `${collection} line ${line}: ${field}: ${message}` : `${collection} line ${line}: ${message}`;
  return new AppError('VALIDATION_FAILED', where, { collection, line, field });
}

/** Parses every line of a page with its schema; the first bad one is the error. */
export function parseLines<S extends z.ZodType>(schema: S, collection: string, first: number, lines: readonly unknown[]): z.infer<S>[] {
  return lines.map((raw, i) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data as z.infer<S>;
    const issue = parsed.error.issues[0];
    throw lineError(collection, first + i, issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
  });
}
