import type { IncomingHttpHeaders } from 'node:http';
import type { CookieOptions, Response } from 'express';

export const SESSION_COOKIE = 'refinery_session';
/** Readable by the web app, which echoes it in `X-CSRF-Token` (double submit, bound to the session). */
export const CSRF_COOKIE = 'refinery_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie of the request (the identity cookies hold base64url values: nothing to decode). */
export function readCookie(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}

function base(secure: boolean, maxAgeMs: number): CookieOptions {
  return { secure, sameSite: 'lax', path: '/', maxAge: maxAgeMs };
}

/** HTTP-only, SameSite=Lax session cookie (Lax: the OIDC callback is a top-level navigation). */
export function setSessionCookies(res: Response, secure: boolean, maxAgeMs: number, sessionId: string, csrfToken: string): void {
  res.cookie(SESSION_COOKIE, sessionId, { ...base(secure, maxAgeMs), httpOnly: true });
  res.cookie(CSRF_COOKIE, csrfToken, { ...base(secure, maxAgeMs), httpOnly: false });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { secure, sameSite: 'lax', path: '/', httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { secure, sameSite: 'lax', path: '/' });
}
