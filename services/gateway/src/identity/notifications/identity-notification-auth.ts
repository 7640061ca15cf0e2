import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { can } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import type { NotificationAuth, SocketPrincipal } from '../../notifications/notification-auth.js';
import type { Principal } from '../auth/principal.js';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { SessionService } from '../sessions/session.service.js';
import { SESSION_COOKIE, readCookie } from '../sessions/session-cookies.js';
import { ApiError } from '../shared/api-error.js';
import { ApiTokensService } from '../tokens/api-tokens.service.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Identity's side of the notifications socket: the upgrade request is authenticated like an API
 * request (bearer token first, else the session cookie; the Origin check is the socket server's),
 * a project may be followed by any role in it (`project.read`), and a socket stays open only
 * while its session or token is live.
 */
@Injectable()
export class IdentityNotificationAuth implements NotificationAuth {
  /** The full principal (token scope and project limit) behind each socket principal. */
  private readonly principals = new WeakMap<SocketPrincipal, Principal>();

  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(ApiTokensService) private readonly tokens: ApiTokensService,
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
  ) {}

  async authenticate(request: IncomingMessage): Promise<SocketPrincipal | null> {
    const header = request.headers.authorization;
    let principal: Principal;
    if (header !== undefined) {
      const raw = BEARER.exec(header)?.[1];
      if (!raw) return null;
      try {
        principal = await this.tokens.authenticate(raw);
      } catch (error) {
        if (error instanceof ApiError) return null;
        throw error;
      }
    } else {
      const sessionId = readCookie(request, SESSION_COOKIE);
      const session = sessionId ? await this.sessions.find(sessionId) : null;
      if (!session) return null;
      principal = { userId: session.userId, via: 'session', sessionHash: session._id };
    }
    const credentialId = principal.token?.id ?? principal.sessionHash ?? '';
    const socketPrincipal: SocketPrincipal = { userId: principal.userId, via: principal.via, credentialId };
    this.principals.set(socketPrincipal, principal);
    return socketPrincipal;
  }

  async canRead(socketPrincipal: SocketPrincipal, projectId: string): Promise<boolean> {
    const principal = this.principals.get(socketPrincipal);
    if (!principal) return false;
    try {
      return can((await this.access.resolve(principal, projectId)).role, 'project.read');
    } catch (error) {
      if (error instanceof ApiError || (error instanceof AppError && error.code === 'NOT_FOUND')) return false;
      throw error;
    }
  }

  isActive(principal: SocketPrincipal): Promise<boolean> {
    return principal.via === 'token' ? this.tokens.isLive(principal.credentialId) : this.sessions.isLive(principal.credentialId);
  }
}
