import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SYSTEM_ACTOR, type WsStatisticsTrigger } from '@refinery/contracts';
import type { Logger } from '@refinery/server-core';
import { CONFIG, LOGGER, QUEUE } from '@refinery/server-kit';
import type { QueueManager } from '@refinery/server-queue';
import type { WeakSupervisionConfig } from '../shared/weak-supervision-config.js';
import { ComputeStatisticsJob } from './jobs/compute-statistics.job.js';

interface Pending {
  timer: NodeJS.Timeout;
  firstAt: number;
  trigger: WsStatisticsTrigger;
}

/**
 * Debounces label changes per task: the recompute is enqueued once changes have been quiet for
 * WS_STATISTICS_DEBOUNCE_MS, and at the latest WS_STATISTICS_MAX_WAIT_MS after the first one, so
 * an annotator labelling record after record triggers one computation, not one per click.
 */
@Injectable()
export class StatisticsScheduler implements OnModuleDestroy {
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(CONFIG) private readonly config: WeakSupervisionConfig,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  schedule(projectId: string, taskId: string, trigger: WsStatisticsTrigger): void {
    const key = `${projectId} ${taskId}`;
    const now = Date.now();
    const previous = this.pending.get(key);
    if (previous) clearTimeout(previous.timer);
    const firstAt = previous?.firstAt ?? now;
    // heuristic outputs weigh more than a manual label: keep that trigger when both happen
    const merged = previous?.trigger === 'heuristics-changed' ? previous.trigger : trigger;
    const delay = Math.max(0, Math.min(this.config.WS_STATISTICS_DEBOUNCE_MS, firstAt + this.config.WS_STATISTICS_MAX_WAIT_MS - now));
    const timer = setTimeout(() => {
      this.pending.delete(key);
      void this.enqueue(projectId, taskId, merged);
    }, delay);
    timer.unref();
    this.pending.set(key, { timer, firstAt, trigger: merged });
  }

  /** Drops pending recomputes of a deleted project. */
  forget(projectId: string): void {
    for (const [key, p] of this.pending) {
      if (!key.startsWith(`${projectId} `)) continue;
      clearTimeout(p.timer);
      this.pending.delete(key);
    }
  }

  onModuleDestroy(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private async enqueue(projectId: string, taskId: string, trigger: WsStatisticsTrigger): Promise<void> {
    try {
      if (!this.queue) throw new Error('the service runs without its queue');
      await this.queue.enqueue(ComputeStatisticsJob, { projectId, taskId, trigger, actor: SYSTEM_ACTOR });
    } catch (error) {
      this.logger.warn({ projectId, taskId, err: String(error) }, 'statistics recompute not enqueued; the next change retries');
    }
  }
}
