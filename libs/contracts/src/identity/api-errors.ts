import { z } from 'zod';
import { errorCodes } from '../envelope.js';

/**
 * Codes of HTTP error bodies: the reply codes of the services plus what only the HTTP edge knows
 * (who is calling, CSRF, locked accounts).
 */
export const apiErrorCodes = [...errorCodes, 'UNAUTHENTICATED', 'CSRF_FAILED', 'ACCOUNT_LOCKED'] as const;
export const ApiErrorCode = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

/** `{error: {code, message, details}}`: the body of every failed `/api/v1` request. */
export const ApiErrorResponse = z.object({
  error: z.object({ code: ApiErrorCode, message: z.string(), details: z.unknown().optional() }),
});
export type ApiErrorResponse = z.infer<typeof ApiErrorResponse>;
