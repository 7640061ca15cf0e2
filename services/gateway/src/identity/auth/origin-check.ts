import type { Request } from 'express';
import { ApiError } from '../shared/api-error.js';

/**
 * Browsers send `Origin` on cross-site unsafe requests: one from another origin than the gateway
 * itself (or AUTH_PUBLIC_URL) is refused. Requests without it (CLI, SDK) pass; cookie sessions
 * additionally need the CSRF header.
 */
export function requireSameOrigin(req: Request, publicUrl: string): void {
  const origin = req.header('origin');
  if (origin === undefined) return;
  const own = `${req.protocol}://${req.header('host') ?? ''}`;
  if (origin === own || origin === new URL(publicUrl).origin) return;
  throw new ApiError(403, 'CSRF_FAILED', `cross-origin request from ${origin} refused`, { origin });
}
