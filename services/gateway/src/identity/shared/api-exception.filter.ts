import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@refinery/server-core';
import { LOGGER, toHttpError } from '@refinery/server-kit';
import { ApiError } from './api-error.js';

/**
 * The kit's error policy plus the edge-only errors (ApiError). Applied to the `/api/v1`
 * controllers so 401/403/429 keep their own codes instead of the kit's generic mapping.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
      const body = { code: exception.code, message: exception.message, ...(exception.details === undefined ? {} : { details: exception.details }) };
      res.status(exception.status).json({ error: body });
      return;
    }
    const [status, body] = toHttpError(exception);
    if (status >= 500) {
      this.logger.error({ err: exception instanceof Error ? exception.stack : String(exception), status }, body.message);
    }
    res.status(status).json({ error: body });
  }
}
