import type { Logger } from '@refinery/server-core';
import type { NatsConnectionManager } from '@refinery/server-nats';
import { newId } from './ids.js';

/**
 * A broadcast subject between the replicas of this service (plain NATS subscription, no queue
 * group, so every replica gets every notice; a replica ignores its own). Caches that other
 * replicas' writes invalidate listen here; `ready()` resolves once the subscription is known to
 * the server, so nothing cached before then can miss a notice.
 */
export class ReplicaChannel<N extends { origin: string }> {
  readonly origin = newId().slice(0, 8);
  private readonly subscribed: Promise<void>;

  constructor(
    private readonly nats: NatsConnectionManager,
    private readonly subject: string,
    private readonly logger: Logger,
    onNotice: (notice: N) => void,
  ) {
    this.subscribed = new Promise<void>((resolve) => {
      nats.whenConnected((nc) => {
        nc.subscribe(nats.wireSubject(subject), {
          callback: (err, msg) => {
            if (err) return;
            try {
              const notice = JSON.parse(new TextDecoder().decode(msg.data)) as N;
              if (notice.origin !== this.origin) onNotice(notice);
            } catch (error) {
              logger.warn({ subject, err: String(error) }, 'unreadable replica notice');
            }
          },
        });
        nc.flush().then(resolve, resolve);
      });
    });
  }

  ready(): Promise<void> {
    return this.subscribed;
  }

  publish(notice: Omit<N, 'origin'>): void {
    try {
      this.nats.get().publish(this.nats.wireSubject(this.subject), JSON.stringify({ ...notice, origin: this.origin }));
    } catch (error) {
      // Without NATS other replicas keep a stale view until their caches expire; the write stands.
      this.logger.warn({ subject: this.subject, err: String(error) }, 'replica notice not published');
    }
  }
}
