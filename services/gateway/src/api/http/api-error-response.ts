import { HttpException } from '@nestjs/common';
import type { ApiErrorCode } from '@refinery/contracts';
import { AppError, httpStatusOf } from '@refinery/server-core';
import { ApiError } from '../../identity/shared/api-error.js';

export interface ApiErrorResponseParts {
  status: number;
  body: { error: { code: ApiErrorCode; message: string; details?: unknown } };
  headers: Record<string, string>;
}

/**
 * Any failure as `{error: {code, message, details}}` with its status: edge errors (401, CSRF,
 * rate limits) keep theirs, service and validation errors get the status of their code
 * (httpStatusOf: VALIDATION_FAILED 400, NOT_FOUND 404, FORBIDDEN 403, CONFLICT 409,
 * LIMIT_EXCEEDED 413, UNAVAILABLE 503, TIMEOUT 504, INTERNAL 500); anything else is a 500 whose
 * message reveals nothing.
 */
export function toApiErrorResponse(error: unknown): ApiErrorResponseParts {
  if (error instanceof ApiError) {
    return { status: error.status, body: { error: withDetails(error.code, error.message, error.details) }, headers: error.headers };
  }
  if (error instanceof AppError) {
    return { status: httpStatusOf[error.code], body: { error: withDetails(error.code, error.message, error.details) }, headers: {} };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code: ApiErrorCode = status === 404 ? 'NOT_FOUND' : status === 413 ? 'LIMIT_EXCEEDED' : status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
    return { status, body: { error: { code, message: error.message } }, headers: {} };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, headers: {} };
}

function withDetails(code: ApiErrorCode, message: string, details: unknown): ApiErrorResponseParts['body']['error'] {
  return details === undefined ? { code, message } : { code, message, details };
}
