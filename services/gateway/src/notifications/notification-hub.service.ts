import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { EnvelopeBase, notificationEvents, type NotificationServerMessage } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_CONNECTION } from '@refinery/server-kit';
import type { NatsConnectionManager } from '@refinery/server-nats';
import type { SocketSession } from './socket-session.js';

const decoder = new TextDecoder();

/**
 * Fans the services' events out to the sockets following their project. Every gateway replica
 * subscribes without a queue group: each holds its own sockets, so each needs every event.
 */
@Injectable()
export class NotificationHub implements OnModuleInit, OnApplicationShutdown {
  private readonly byProject = new Map<string, Set<SocketSession>>();
  private readonly subscriptions: Subscription[] = [];
  delivered = 0;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnectionManager,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.nats.whenConnected((nc) => {
      for (const subject of notificationEvents().keys()) {
        const sub = nc.subscribe(this.nats.wireSubject(subject), {
          callback: (error, msg) => {
            if (error) return void this.logger.warn({ subject, err: String(error) }, 'notification subscription failed');
            this.route(subject, msg.data);
          },
        });
        this.subscriptions.push(sub);
      }
    });
  }

  onApplicationShutdown(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions.length = 0;
  }

  follow(session: SocketSession, projectId: string): void {
    let set = this.byProject.get(projectId);
    if (!set) this.byProject.set(projectId, (set = new Set()));
    set.add(session);
  }

  unfollow(session: SocketSession, projectId: string): void {
    const set = this.byProject.get(projectId);
    if (!set) return;
    set.delete(session);
    if (set.size === 0) this.byProject.delete(projectId);
  }

  forget(session: SocketSession): void {
    for (const projectId of session.projects) this.unfollow(session, projectId);
  }

  /** Sockets following any project (for tests and metrics). */
  get followers(): number {
    let n = 0;
    for (const set of this.byProject.values()) n += set.size;
    return n;
  }

  private route(subject: string, data: Uint8Array): void {
    let envelope: EnvelopeBase & { payload?: unknown };
    try {
      const raw = JSON.parse(decoder.decode(data)) as Record<string, unknown>;
      const base = EnvelopeBase.safeParse(raw);
      if (!base.success) throw new Error(base.error.issues[0]?.message ?? 'invalid envelope');
      envelope = { ...base.data, payload: raw['payload'] };
    } catch (error) {
      return void this.logger.warn({ subject, err: String(error) }, 'dropped a malformed event');
    }
    const projectId = envelope.projectId;
    if (!projectId) return;
    const followers = this.byProject.get(projectId);
    if (!followers || followers.size === 0) return;
    const message: Extract<NotificationServerMessage, { type: 'event' }> = {
      type: 'event',
      event: subject,
      projectId,
      occurredAt: envelope.occurredAt,
      actorUserId: envelope.actor.userId,
      payload: envelope.payload,
    };
    for (const session of followers) if (session.deliver(message)) this.delivered++;
  }
}
