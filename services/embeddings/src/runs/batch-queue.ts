import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { z } from 'zod';
import { backoffDelay, currentContext, describeIssues, newCorrelationId, runsWorker, runWithContext, type Logger } from '@refinery/server-core';
import { CONFIG, KIT_OPTIONS, LOGGER, type KitOptions } from '@refinery/server-kit';
import type { EmbeddingsConfig } from '../shared/embeddings-config.js';
import { EmbedBatchJob } from './jobs/embed-batch.job.js';

type BatchPayload = z.infer<typeof EmbedBatchJob.payload>;
type BatchHandler = (payload: BatchPayload, ctx: { jobId: string; attempt: number }) => Promise<unknown>;

export const BATCH_QUEUE = 'embeddings-batches';

/**
 * The queue of batch jobs. It is separate from the service's kit queue because stalled-job
 * recovery must be tunable (EMBEDDINGS_LOCK_DURATION_MS, EMBEDDINGS_STALLED_INTERVAL_MS): a batch
 * whose worker process died is moved back to waiting by another worker's stalled check and
 * embedded again. (The kit's QueueManager does not expose BullMQ's worker lock settings yet.)
 */
@Injectable()
export class BatchQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly connections: Redis[] = [];
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private handler: BatchHandler | undefined;
  private readonly prefix: string;

  constructor(
    @Inject(CONFIG) private readonly config: EmbeddingsConfig,
    @Inject(KIT_OPTIONS) private readonly options: KitOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.prefix = config.REFINERY_NAMESPACE ? `bull-${config.REFINERY_NAMESPACE}` : 'bull';
    this.queue = new Queue(BATCH_QUEUE, { connection: this.connect(), prefix: this.prefix });
    this.queue.on('error', (e) => this.logger.warn({ err: e.message }, 'batch queue error'));
  }

  /** The runner registers the batch handler (at module init, before the worker starts). */
  handle(handler: BatchHandler): void {
    this.handler = handler;
  }

  async enqueue(payloads: readonly BatchPayload[]): Promise<void> {
    const correlationId = currentContext()?.correlationId ?? newCorrelationId();
    await this.queue.addBulk(
      payloads.map((p) => ({
        name: EmbedBatchJob.name,
        data: { payload: EmbedBatchJob.payload.parse(p), correlationId },
        opts: {
          jobId: `${p.embeddingId}-${p.generation}-${p.batch}`,
          attempts: EmbedBatchJob.attempts,
          backoff: { type: 'exponential', delay: EmbedBatchJob.backoffMs },
          removeOnComplete: { age: 3_600, count: 10_000 },
          removeOnFail: { age: 24 * 3_600 },
        },
      })),
    );
  }

  onApplicationBootstrap(): void {
    if (!runsWorker(this.config.SERVICE_ROLE)) return;
    const handler = this.handler;
    if (!handler) throw new Error(`no handler for ${EmbedBatchJob.name} jobs`);
    this.worker = new Worker(
      BATCH_QUEUE,
      async (job: Job<{ payload: unknown; correlationId: string }>) => {
        const parsed = EmbedBatchJob.payload.safeParse(job.data.payload);
        if (!parsed.success) throw new Error(`invalid payload for job ${job.name}: ${describeIssues(parsed.error.issues)}`);
        return runWithContext({ correlationId: job.data.correlationId }, async () => (await handler(parsed.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 })) ?? null);
      },
      {
        connection: this.connect(),
        prefix: this.prefix,
        concurrency: this.config.EMBEDDINGS_WORKER_CONCURRENCY,
        lockDuration: this.config.EMBEDDINGS_LOCK_DURATION_MS,
        stalledInterval: this.config.EMBEDDINGS_STALLED_INTERVAL_MS,
        // A batch may be taken over twice (two dead workers) before it counts as failed.
        maxStalledCount: 2,
        name: this.options.instanceId,
      },
    );
    this.worker.on('error', (e) => this.logger.warn({ err: e.message }, 'batch worker error'));
    this.worker.on('failed', (job, err) => this.logger.warn({ jobId: job?.id, err: err.message }, 'batch attempt failed'));
    this.worker.on('stalled', (jobId) => this.logger.warn({ jobId }, 'batch job stalled (its worker stopped); taken over'));
  }

  /** Running batches finish before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    for (const c of this.connections) c.disconnect();
  }

  private connect(): Redis {
    const conn = new Redis(this.config.REDIS_URL, { maxRetriesPerRequest: null, retryStrategy: (times) => backoffDelay(times, 250, 10_000) });
    conn.on('error', (e) => this.logger.debug({ err: e.message }, 'batch queue redis error'));
    this.connections.push(conn);
    return conn;
  }
}
