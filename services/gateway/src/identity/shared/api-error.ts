import type { ApiErrorCode } from '@refinery/contracts';

/**
 * A failure at the HTTP edge whose status is not implied by a service error code (401, 403 for
 * CSRF, 429 for a locked account). Rendered as `{error: {code, message, details}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function unauthenticated(message: string): ApiError {
  return new ApiError(401, 'UNAUTHENTICATED', message);
}

export function forbidden(message: string, details?: unknown): ApiError {
  return new ApiError(403, 'FORBIDDEN', message, details);
}
