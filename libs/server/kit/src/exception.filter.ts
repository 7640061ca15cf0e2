import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import type { Response } from 'express';
import type { ErrorBody } from '@refinery/contracts';
import { AppError, httpStatusOf, type Logger } from '@refinery/server-core';

/**
 * One error policy for both transports. NATS: the original error goes to the envelope transport,
 * which turns AppError codes into error replies (Nest's default would flatten it to "Internal
 * server error"). HTTP: `{error: {code, message, details}}` with the status of the code.
 */
@Catch()
export class KitExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    const res = host.switchToHttp().getResponse<Response>();
    const [status, body] = toHttpError(exception);
    if (status >= 500) {
      this.logger.error(
        { err: exception instanceof Error ? exception.stack : String(exception), status },
        body.message,
      );
    }
    res.status(status).json({ error: body });
  }
}

export function toHttpError(exception: unknown): [number, ErrorBody] {
  if (exception instanceof AppError) return [httpStatusOf[exception.code], exception.toBody()];
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code =
      status === 404
        ? 'NOT_FOUND'
        : status === 401 || status === 403
          ? 'FORBIDDEN'
          : status === 413
            ? 'LIMIT_EXCEEDED'
            : status < 500
              ? 'VALIDATION_FAILED'
              : 'INTERNAL';
    return [status, { code, message: exception.message }];
  }
  return [500, { code: 'INTERNAL', message: 'internal error' }];
}
