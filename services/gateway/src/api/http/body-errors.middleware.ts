import type { NextFunction, Request, Response } from 'express';
import { requestId } from '../../http/request-id.middleware.js';

interface BodyParserError {
  type?: unknown;
  status?: unknown;
  limit?: unknown;
  message?: unknown;
}

/**
 * Errors of the JSON body parser (it runs before any route) in the API's shape: an oversized
 * body is 413 LIMIT_EXCEEDED naming the limit, malformed JSON 400 VALIDATION_FAILED on `body`.
 * Without this Express answers them with an HTML page.
 */
export function bodyErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  const e = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
  if (res.headersSent || typeof e.type !== 'string') return next(error);
  // The parser failed before the request-id middleware ran: give the answer its id all the same.
  if (!res.hasHeader('x-request-id')) requestId(req, res, () => undefined);
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: { code: 'LIMIT_EXCEEDED', message: `the request body is larger than the limit of ${String(e.limit)} bytes (HTTP_BODY_LIMIT)`, details: { limit: e.limit } } });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    const message = `body: not valid JSON (${String(e.message)})`;
    res.status(400).json({ error: { code: 'VALIDATION_FAILED', message, details: { issues: [{ path: ['body'], message: 'not valid JSON' }] } } });
    return;
  }
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
  res.status(status).json({ error: { code: 'VALIDATION_FAILED', message: `body: ${String(e.message)}` } });
}
