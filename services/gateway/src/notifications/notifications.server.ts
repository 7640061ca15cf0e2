import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@refinery/server-core';
import { LOGGER } from '@refinery/server-kit';
import { NOTIFICATION_AUTH, type NotificationAuth, type SocketPrincipal } from './notification-auth.js';
import { NOTIFICATION_LIMITS } from './notification-tokens.js';
import type { NotificationLimits } from './notification-limits.js';
import { NotificationHub } from './notification-hub.service.js';
import { CLOSE, SocketSession } from './socket-session.js';

export const NOTIFICATIONS_PATH = '/api/v1/ws';

function reject(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: { code: status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'VALIDATION_FAILED', message: reason } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Cross-site WebSocket hijacking: a browser sends the victim's cookies with a socket opened by any
 * page, so a cookie-authenticated socket must come from our own origin. Tokens are not sent
 * ambiently, so token sockets (CLI, SDK) need no Origin.
 */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * `GET /api/v1/ws` upgrade: authenticates the request (cookie session or bearer token), then
 * speaks the protocol of `NotificationClientMessage` / `NotificationServerMessage`.
 */
@Injectable()
export class NotificationsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<SocketSession>();
  private heartbeat: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => void this.upgrade(request, socket, head);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly hub: NotificationHub,
    @Inject(NOTIFICATION_AUTH) private readonly auth: NotificationAuth,
    @Inject(NOTIFICATION_LIMITS) private readonly limits: NotificationLimits,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => void this.beat(), this.limits.heartbeatMs);
    this.heartbeat.unref();
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.server?.off('upgrade', this.onUpgrade);
    for (const session of this.sessions) session.socket.close(CLOSE.goingAway, 'server shutting down');
    this.wss.close();
  }

  get open(): number {
    return this.sessions.size;
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== NOTIFICATIONS_PATH) return reject(socket, 400, `no WebSocket endpoint at ${path}; use ${NOTIFICATIONS_PATH}`);
    socket.on('error', () => undefined);
    let principal: SocketPrincipal | null;
    try {
      principal = await this.auth.authenticate(request);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'notifications: authentication failed');
      principal = null;
    }
    if (!principal) return reject(socket, 401, 'sign in or send Authorization: Bearer <token>');
    if (principal.via === 'session' && !sameOrigin(request)) {
      return reject(socket, 403, 'a cookie-authenticated socket must be opened from this origin');
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, principal));
  }

  private accept(ws: WebSocket, principal: SocketPrincipal): void {
    const session = new SocketSession(ws, principal, this.auth, this.limits, {
      subscribe: (s, projectId) => this.hub.follow(s, projectId),
      unsubscribe: (s, projectId) => this.hub.unfollow(s, projectId),
    });
    this.sessions.add(session);
    ws.on('pong', () => (session.alive = true));
    ws.on('message', (data, isBinary) => void session.onMessage(data as Buffer, isBinary));
    ws.on('close', () => {
      this.sessions.delete(session);
      this.hub.forget(session);
    });
    ws.on('error', (error) => this.logger.debug({ err: String(error) }, 'notifications: socket error'));
    session.send({ type: 'ready', userId: principal.userId });
  }

  /** Drops dead sockets, and subscriptions the user lost access to since (removed member, revoked token). */
  private async beat(): Promise<void> {
    for (const session of this.sessions) {
      if (!session.alive) {
        session.socket.terminate();
        continue;
      }
      session.alive = false;
      session.socket.ping();
      if (!(await this.auth.isActive(session.principal).catch(() => true))) {
        session.socket.close(CLOSE.policy, 'the session ended or the token was revoked');
        continue;
      }
      for (const projectId of [...session.projects]) {
        const allowed = await this.auth.canRead(session.principal, projectId).catch(() => true);
        if (allowed) continue;
        session.projects.delete(projectId);
        this.hub.unfollow(session, projectId);
        session.send({ type: 'error', code: 'NOT_FOUND', message: `project ${projectId} not found` });
      }
    }
  }
}
