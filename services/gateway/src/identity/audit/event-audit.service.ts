import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import type { EventContract } from '@refinery/contracts';
import { runWithContext, type Logger } from '@refinery/server-core';
import { LOGGER, NATS_CONNECTION } from '@refinery/server-kit';
import { decodeJson, parseEnvelope, type NatsConnectionManager } from '@refinery/server-nats';
import { AuditLogService } from './audit-log.service.js';
import { auditedEvents, type AuditedEvent } from './event-audit.js';

/** One queue group for all gateway replicas: each outcome becomes exactly one entry. */
const QUEUE = 'gateway-audit';

/**
 * Writes the audit entries of the services' outcome events (see `auditedEvents`): who caused a
 * run, upload or embedding to finish or fail, in which project, with what result. An unreadable
 * event is logged and skipped; it never stops the others.
 */
@Injectable()
export class EventAuditService implements OnModuleInit, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnectionManager,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.nats.whenConnected((nc) => {
      for (const event of auditedEvents) {
        const subject = event.contract.subject;
        this.subscriptions.push(
          nc.subscribe(this.nats.wireSubject(subject), {
            queue: QUEUE,
            callback: (error, msg) => {
              if (error) return void this.logger.warn({ subject, err: String(error) }, 'audit subscription failed');
              void this.write(event, msg.data);
            },
          }),
        );
      }
    });
  }

  onApplicationShutdown(): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions.length = 0;
  }

  private async write({ contract, entry: entryOf }: AuditedEvent<EventContract>, data: Uint8Array): Promise<void> {
    try {
      const env = parseEnvelope(decodeJson(data, contract.subject), contract.payload, contract.subject);
      const entry = entryOf(env.payload);
      if (!entry) return;
      const system = env.actor.role === 'system';
      await runWithContext({ correlationId: env.correlationId, actor: env.actor, projectId: env.projectId, subject: contract.subject }, () =>
        this.audit.record({
          actor: { userId: env.actor.userId, via: 'system' },
          ...entry,
          orgIds: system ? [] : [env.actor.orgId],
          projectId: env.projectId,
        }),
      );
    } catch (error) {
      this.logger.warn({ subject: contract.subject, err: String(error) }, 'event not audited');
    }
  }
}
