import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, QUEUE } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import type { ExportConfig } from '../shared/export-config.js';
import { expiryPolicy, sweepPeriod } from './expiry-policy.js';
import { SweepExpiredArchivesJob } from './jobs/sweep-expired-archives.job.js';

/**
 * Schedules the expiry sweep at the start of every period. Every replica does, under the job id
 * of the period, and BullMQ adds a job whose id exists only once: one sweep per period for the
 * whole deployment, run by whichever worker takes it, and still one when a replica is down.
 * (The kit's QueueManager has no repeatable jobs yet; with one, this becomes a single call.)
 */
@Injectable()
export class ArchiveSweepScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly everyMs: number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(CONFIG) config: ExportConfig,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.everyMs = expiryPolicy(config).sweepEveryMs;
  }

  onApplicationBootstrap(): void {
    if (this.queue) this.arm();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.enqueue().finally(() => this.arm());
    }, sweepPeriod(Date.now(), this.everyMs).nextInMs);
    this.timer.unref();
  }

  private async enqueue(): Promise<void> {
    const queue = this.queue;
    if (!queue || this.stopped) return;
    const { jobId } = sweepPeriod(Date.now(), this.everyMs);
    try {
      await queue.enqueue(SweepExpiredArchivesJob, {}, { jobId });
    } catch (error) {
      this.logger.warn({ jobId, err: error instanceof Error ? error.message : String(error) }, 'cannot schedule the expiry sweep; the next period tries again');
    }
  }
}
