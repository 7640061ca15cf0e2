import { AppError } from '@refinery/server-core';

export function notFound(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} not found`);
}

/** A bad value in a payload; `field` is the payload path, as in envelope validation errors. */
export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `payload.${field}: ${message}`, {
    issues: [{ path: ['payload', ...field.split('.')], message }],
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
