import type { IncomingMessage } from 'node:http';

/** Who opened a notifications socket, and how (a cookie session must pass the Origin check). */
export interface SocketPrincipal {
  readonly userId: string;
  readonly via: 'session' | 'token';
  /** the session or token behind the socket (opaque to notifications), re-checked on every heartbeat */
  readonly credentialId: string;
}

/**
 * What the notifications endpoint needs from identity: authenticate the upgrade request (cookie
 * session or `Authorization: Bearer`) and decide whether the user may read a project. Identity
 * provides the implementation under NOTIFICATION_AUTH.
 */
export interface NotificationAuth {
  authenticate(request: IncomingMessage): Promise<SocketPrincipal | null>;
  canRead(principal: SocketPrincipal, projectId: string): Promise<boolean>;
  /** false once the session ended or the token was revoked or expired */
  isActive(principal: SocketPrincipal): Promise<boolean>;
}

export const NOTIFICATION_AUTH = Symbol('NOTIFICATION_AUTH');
