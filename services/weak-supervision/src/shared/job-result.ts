import type { ErrorCode } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { isCallerError } from './errors.js';

/**
 * What a job a request waits for returns: a caller error (unknown task, extraction task, …) is a
 * result, not a job failure, so the request can answer with its code instead of INTERNAL.
 */
export type JobResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

export async function asJobResult<T>(work: () => Promise<T>): Promise<JobResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (isCallerError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

export function unwrapJobResult<T>(result: JobResult<T>): T {
  if (!result.ok) throw new AppError(result.code, result.message);
  return result.value;
}
