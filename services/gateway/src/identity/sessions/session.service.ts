import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { randomSecret, sameDigest, sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { SessionRepository } from './session.repository.js';
import type { SessionDoc } from './session.schema.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';

/** Browser sessions: 256-bit random ids in an HTTP-only cookie, stored as SHA-256, absolute expiry. */
@Injectable()
export class SessionService {
  private readonly secure: boolean;

  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {
    this.secure = new URL(config.AUTH_PUBLIC_URL).protocol === 'https:';
  }

  /** Starts a session and sets its cookies; returns the CSRF token (also in a readable cookie). */
  async start(res: Response, userId: string, method: SessionDoc['method']): Promise<string> {
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const now = this.clock.now();
    const ttlMs = this.config.AUTH_SESSION_TTL_S * 1000;
    await this.sessions.insert({
      _id: sha256(sessionId),
      userId,
      csrfHash: sha256(csrfToken),
      method,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    setSessionCookies(res, this.secure, ttlMs, sessionId, csrfToken);
    return csrfToken;
  }

  /** The live session of a cookie value, or null (an expired one is deleted on sight). */
  async find(sessionId: string): Promise<SessionDoc | null> {
    const doc = await this.sessions.findById(sha256(sessionId));
    if (!doc) return null;
    if (doc.expiresAt.getTime() <= this.clock.now().getTime()) {
      await this.sessions.delete(doc._id);
      return null;
    }
    return doc;
  }

  /** False once the session ended or expired (long-lived sockets re-check). */
  async isLive(sessionHash: string): Promise<boolean> {
    const doc = await this.sessions.findById(sessionHash);
    return doc !== null && doc.expiresAt.getTime() > this.clock.now().getTime();
  }

  csrfMatches(session: SessionDoc, token: string | undefined): boolean {
    return token !== undefined && sameDigest(sha256(token), session.csrfHash);
  }

  /**
   * Ends every session of the user but `keep` (after a password change, or all of them after a
   * reset): other browsers are signed out at their next request, and their sockets close.
   */
  endAllOf(userId: string, keep?: string): Promise<number> {
    return this.sessions.deleteOfUser(userId, keep);
  }

  async end(res: Response, sessionHash: string): Promise<void> {
    await this.sessions.delete(sessionHash);
    clearSessionCookies(res, this.secure);
  }
}
