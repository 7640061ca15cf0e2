import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { errorCodes } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { RemoteError } from '@refinery/server-nats';
import { ApiError } from '../../identity/shared/api-error.js';
import { toApiErrorResponse } from './api-error-response.js';

describe('toApiErrorResponse', () => {
  const statusOf: Record<string, number> = {
    VALIDATION_FAILED: 400,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    CONFLICT: 409,
    LIMIT_EXCEEDED: 413,
    INTERNAL: 500,
    UNAVAILABLE: 503,
    TIMEOUT: 504,
  };

  it.each(errorCodes.map((code) => [code, statusOf[code]]))('maps a service reply %s to HTTP %i with its code, message and details', (code, status) => {
    const error = new RemoteError('records.tasks.create.v1', code, `it went ${code}`, { issues: [] });
    expect(toApiErrorResponse(error)).toEqual({ status, body: { error: { code, message: `it went ${code}`, details: { issues: [] } } }, headers: {} });
  });

  it('keeps the status, code and headers of edge errors', () => {
    const error = new ApiError(429, 'ACCOUNT_LOCKED', 'locked', undefined, { 'Retry-After': '30' });
    expect(toApiErrorResponse(error)).toEqual({ status: 429, body: { error: { code: 'ACCOUNT_LOCKED', message: 'locked' } }, headers: { 'Retry-After': '30' } });
  });

  it('leaves details out when there are none', () => {
    expect(toApiErrorResponse(new AppError('NOT_FOUND', 'task t not found')).body).toEqual({ error: { code: 'NOT_FOUND', message: 'task t not found' } });
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toApiErrorResponse(new NotFoundException('nothing')).body.error.code).toBe('NOT_FOUND');
    expect(toApiErrorResponse(new PayloadTooLargeException()).status).toBe(413);
    expect(toApiErrorResponse(new BadRequestException('bad')).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('reveals nothing of an unexpected error', () => {
    expect(toApiErrorResponse(new TypeError('secret internals'))).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, headers: {} });
  });
});
