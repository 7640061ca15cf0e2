import type { WebSocket } from 'ws';
import {
  NotificationClientMessage,
  isProgressSubject,
  type NotificationErrorCode,
  type NotificationServerMessage,
} from '@refinery/contracts';
import type { NotificationAuth, SocketPrincipal } from './notification-auth.js';
import type { NotificationLimits } from './notification-limits.js';

/** Close codes (RFC 6455 §7.4.1 and the registry). */
export const CLOSE = { policy: 1008, tooBig: 1009, overloaded: 1013, goingAway: 1001 } as const;

export interface SessionHooks {
  subscribe(session: SocketSession, projectId: string): void;
  unsubscribe(session: SocketSession, projectId: string): void;
}

/**
 * One browser's socket: parses its messages, checks each subscription with identity, and sends
 * events with backpressure (progress events are dropped first for a slow reader, then the socket
 * is closed so it reconnects and reloads).
 */
export class SocketSession {
  readonly projects = new Set<string>();
  private messageTimes: number[] = [];
  private dropped = 0;
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly principal: SocketPrincipal,
    private readonly auth: NotificationAuth,
    private readonly limits: NotificationLimits,
    private readonly hooks: SessionHooks,
  ) {}

  send(message: NotificationServerMessage): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  /** An event for a subscribed project; returns false when it was dropped. */
  deliver(message: Extract<NotificationServerMessage, { type: 'event' }>): boolean {
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.limits.closeAboveBytes) {
      this.socket.close(CLOSE.overloaded, 'too many undelivered events; reconnect');
      return false;
    }
    if (buffered > this.limits.dropProgressAboveBytes && isProgressSubject(message.event)) {
      this.dropped++;
      return false;
    }
    if (this.dropped > 0) {
      this.send({ type: 'dropped', count: this.dropped });
      this.dropped = 0;
    }
    this.send(message);
    return true;
  }

  private fail(code: NotificationErrorCode, message: string, id?: string): void {
    this.send({ type: 'error', code, message, ...(id !== undefined ? { id } : {}) });
  }

  private overRate(now: number): boolean {
    this.messageTimes = this.messageTimes.filter((t) => now - t < 10_000);
    this.messageTimes.push(now);
    return this.messageTimes.length > this.limits.maxMessagesPer10s;
  }

  async onMessage(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.overRate(Date.now())) {
      this.socket.close(CLOSE.policy, `more than ${this.limits.maxMessagesPer10s} messages in 10 s`);
      return;
    }
    if (isBinary) return this.fail('BAD_MESSAGE', 'messages are JSON text frames');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      return this.fail('BAD_MESSAGE', 'the message is not valid JSON');
    }
    const parsed = NotificationClientMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return this.fail('BAD_MESSAGE', `invalid message${where}: ${issue?.message ?? 'unknown shape'} (expected {type: subscribe|unsubscribe|ping, ...})`);
    }
    const message = parsed.data;
    const id = message.id;
    const withId = id !== undefined ? { id } : {};
    switch (message.type) {
      case 'ping':
        return this.send({ type: 'ack', op: 'ping', ...withId });
      case 'unsubscribe':
        this.projects.delete(message.projectId);
        this.hooks.unsubscribe(this, message.projectId);
        return this.send({ type: 'ack', op: 'unsubscribe', projectId: message.projectId, ...withId });
      case 'subscribe': {
        if (this.projects.has(message.projectId)) {
          return this.send({ type: 'ack', op: 'subscribe', projectId: message.projectId, ...withId });
        }
        if (this.projects.size >= this.limits.maxSubscriptions) {
          return this.fail('LIMIT_EXCEEDED', `a socket follows at most ${this.limits.maxSubscriptions} projects; unsubscribe first`, id);
        }
        let allowed: boolean;
        try {
          allowed = await this.auth.canRead(this.principal, message.projectId);
        } catch {
          return this.fail('UNAVAILABLE', 'could not check access to the project; try again', id);
        }
        // Same answer for "does not exist" and "not yours": a socket must not probe project ids.
        if (!allowed) return this.fail('NOT_FOUND', `project ${message.projectId} not found`, id);
        if (this.socket.readyState !== this.socket.OPEN) return;
        this.projects.add(message.projectId);
        this.hooks.subscribe(this, message.projectId);
        return this.send({ type: 'ack', op: 'subscribe', projectId: message.projectId, ...withId });
      }
    }
  }
}
