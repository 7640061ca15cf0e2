import type { Request } from 'express';
import type { TokenScope } from '@refinery/contracts';

/** Who calls, resolved from a session cookie or a bearer token by the AuthGuard. */
export interface Principal {
  userId: string;
  via: 'session' | 'token';
  /** SHA-256 id of the session (cookie logins). */
  sessionHash?: string;
  /** The API token used (bearer logins). */
  token?: { id: string; scope: TokenScope; projectId: string | null };
}

export type AuthedRequest = Request & { principal?: Principal };

/** Principals of project-scoped tokens may not act outside that project (org or account routes). */
export function projectLimit(principal: Principal): string | null {
  return principal.token?.projectId ?? null;
}
