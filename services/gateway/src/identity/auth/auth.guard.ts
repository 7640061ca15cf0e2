import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import type { SessionDoc } from '../sessions/session.schema.js';
import { SessionService } from '../sessions/session.service.js';
import { CSRF_HEADER, SESSION_COOKIE, readCookie } from '../sessions/session-cookies.js';
import { ApiError, forbidden, unauthenticated } from '../shared/api-error.js';
import { ApiTokensService } from '../tokens/api-tokens.service.js';
import { requireSameOrigin } from './origin-check.js';
import type { AuthedRequest, Principal } from './principal.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Resolves the caller of an `/api/v1` route: `Authorization: Bearer <API token>` first, else the
 * session cookie. Read tokens may only use safe methods; cookie sessions must echo the CSRF token
 * (and come from our origin) on unsafe ones. The principal is left on `req.principal`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(ApiTokensService) private readonly tokens: ApiTokensService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    req.principal = await this.authenticate(req);
    return true;
  }

  async authenticate(req: AuthedRequest): Promise<Principal> {
    const unsafe = !SAFE_METHODS.has(req.method);
    const header = req.header('authorization');
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      if (!token) throw unauthenticated('the Authorization header must be "Bearer <API token>"');
      const principal = await this.tokens.authenticate(token);
      if (unsafe && principal.token?.scope === 'read') {
        throw forbidden(`this API token is read-only; ${req.method} needs a write token`, { scope: 'read' });
      }
      return principal;
    }
    const sessionId = readCookie(req, SESSION_COOKIE);
    if (!sessionId) throw unauthenticated('sign in, or send an API token as "Authorization: Bearer <token>"');
    const session = await this.sessions.find(sessionId);
    if (!session) throw unauthenticated('the session has expired or ended; sign in again');
    if (unsafe) this.requireCsrf(req, session);
    return { userId: session.userId, via: 'session', sessionHash: session._id };
  }

  /**
   * For routes that serve signed-out callers too (accepting an invitation): the caller's browser
   * session when the cookie names a live one (CSRF and origin checked on unsafe methods), else
   * null. A stale cookie counts as signed out.
   */
  async optionalSession(req: AuthedRequest): Promise<Principal | null> {
    const sessionId = readCookie(req, SESSION_COOKIE);
    const session = sessionId ? await this.sessions.find(sessionId) : null;
    if (!session) return null;
    if (!SAFE_METHODS.has(req.method)) this.requireCsrf(req, session);
    return { userId: session.userId, via: 'session', sessionHash: session._id };
  }

  private requireCsrf(req: AuthedRequest, session: SessionDoc): void {
    requireSameOrigin(req, this.config.AUTH_PUBLIC_URL);
    if (!this.sessions.csrfMatches(session, req.header(CSRF_HEADER))) {
      throw new ApiError(403, 'CSRF_FAILED', `missing or wrong ${CSRF_HEADER} header (send the value of the refinery_csrf cookie)`);
    }
  }
}
