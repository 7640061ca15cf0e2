import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { Actor, EventContract } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { LOGGER, NATS_BUS } from './tokens.js';
import type { NatsBus } from '@refinery/server-nats';

/**
 * Publishes a service's events after the data they describe is stored. A NATS outage must not undo
 * or fail a write that already happened, so a failed publish is logged, not thrown.
 */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `actor`: who caused the event (the envelope's actor; the service itself when absent). */
  publish<C extends EventContract>(contract: C, projectId: string, payload: z.input<C['payload']>, actor?: Actor): void {
    try {
      this.bus.publish(contract, payload, { projectId, ...(actor ? { actor } : {}) });
    } catch (error) {
      this.logger.warn({ subject: contract.subject, projectId, err: String(error) }, 'event not published');
    }
  }
}
