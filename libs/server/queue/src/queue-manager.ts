import { Redis } from 'ioredis';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { z } from 'zod';
import {
  AppError,
  ThrottledLog,
  backoffDelay,
  currentContext,
  describeIssues,
  runWithContext,
  newCorrelationId,
  type DependencyProbe,
  type Logger,
} from '@refinery/server-core';
import type { JobBinding, JobDefinition } from './job-definition.js';

export interface QueueManagerOptions {
  /** The queue is named after the service; its jobs are routed to handlers by job name. */
  service: string;
  redisUrl: string;
  definitions: readonly JobDefinition[];
  logger: Logger;
  logIntervalMs: number;
  concurrency?: number;
  /** Identifies this process in job results (for tests and the self-check). */
  instanceId: string;
  /** BullMQ key prefix; see REFINERY_NAMESPACE. */
  namespace?: string;
}

interface StoredJob {
  payload: unknown;
  correlationId: string;
}

/**
 * BullMQ for one service: a producer always, a worker only in the `worker`/`all` role. Boot fails
 * when a defined job has no handler in a worker process. Redis outages are retried with backoff
 * and logged once per interval.
 */
export class QueueManager implements DependencyProbe {
  readonly name = 'redis';
  private readonly producer: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly events: QueueEvents;
  private readonly connections: Redis[] = [];
  private readonly throttled: ThrottledLog;
  private readonly prefix: string;

  constructor(private readonly opts: QueueManagerOptions) {
    this.throttled = new ThrottledLog(opts.logger, opts.logIntervalMs);
    this.prefix = opts.namespace ? `bull-${opts.namespace}` : 'bull';
    // Fail fast when Redis is down instead of queueing commands forever.
    this.producer = this.connect({ enableOfflineQueue: false });
    this.queue = new Queue(opts.service, { connection: this.producer, prefix: this.prefix });
    this.queue.on('error', (e) => this.onError('queue', e));
    // Created eagerly: a QueueEvents that starts listening after a job was added can miss its
    // completion event (it reads the event stream from "now").
    this.events = new QueueEvents(opts.service, { connection: this.connect(), prefix: this.prefix });
    this.events.on('error', (e) => this.onError('events', e));
  }

  private connect(extra: { enableOfflineQueue?: boolean } = {}): Redis {
    const conn = new Redis(this.opts.redisUrl, {
      maxRetriesPerRequest: null,
      retryStrategy: (times) => backoffDelay(times, 250, 10_000),
      ...extra,
    });
    conn.on('error', (e) => this.onError('connection', e));
    conn.on('ready', () => this.throttled.reset());
    this.connections.push(conn);
    return conn;
  }

  private onError(source: string, error: unknown): void {
    this.throttled.warn(
      { dependency: 'redis', source, err: error instanceof Error ? error.message : String(error) },
      'Redis unavailable; retrying',
    );
  }

  /** Starts consuming; refuses when a declared job type has no handler. */
  startWorker(bindings: readonly JobBinding[]): void {
    const handled = new Set(bindings.map((b) => b.definition.name));
    const unhandled = this.opts.definitions.filter((d) => !handled.has(d.name)).map((d) => d.name);
    if (unhandled.length) {
      throw new Error(`jobs without a handler in ${this.opts.service}: ${unhandled.join(', ')}`);
    }
    if (this.worker) throw new Error('worker already started');
    const byName = new Map(bindings.map((b) => [b.definition.name, b]));
    this.worker = new Worker(
      this.opts.service,
      async (job: Job<StoredJob>) => {
        const binding = byName.get(job.name);
        if (!binding) throw new Error(`no handler for job ${job.name}`);
        const parsed = binding.definition.payload.safeParse(job.data.payload);
        if (!parsed.success) {
          throw new Error(
            `invalid payload for job ${job.name}: ${describeIssues(parsed.error.issues)}`,
          );
        }
        return runWithContext({ correlationId: job.data.correlationId }, async () => {
          this.opts.logger.debug(
            { job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 },
            'job started',
          );
          const result = await binding.handler(parsed.data, {
            id: String(job.id),
            attempt: job.attemptsMade + 1,
            progress: (value) => job.updateProgress(value),
          });
          return result ?? null;
        });
      },
      {
        connection: this.connect(),
        prefix: this.prefix,
        concurrency: this.opts.concurrency ?? 2,
        name: this.opts.instanceId,
      },
    );
    this.worker.on('error', (e) => this.onError('worker', e));
    this.worker.on('failed', (job, err) =>
      this.opts.logger.warn(
        { job: job?.name, jobId: job?.id, err: err.message },
        'job attempt failed',
      ),
    );
  }

  async enqueue<S extends z.ZodType>(
    definition: JobDefinition<S>,
    payload: z.input<S>,
    opts: { jobId?: string; priority?: number } = {},
  ): Promise<Job> {
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_FAILED',
        `invalid ${definition.name} job: ${describeIssues(parsed.error.issues)}`,
      );
    }
    const data: StoredJob = {
      payload: parsed.data,
      correlationId: currentContext()?.correlationId ?? newCorrelationId(),
    };
    try {
      return await this.queue.add(definition.name, data, {
        attempts: definition.attempts,
        backoff: { type: 'exponential', delay: definition.backoffMs },
        removeOnComplete: { age: 3_600, count: 1_000 },
        removeOnFail: { age: 24 * 3_600 },
        ...(opts.jobId ? { jobId: opts.jobId } : {}),
        ...(opts.priority ? { priority: opts.priority } : {}),
      });
    } catch (error) {
      throw new AppError('UNAVAILABLE', `cannot enqueue ${definition.name}: ${String(error)}`);
    }
  }

  /** Waits for a job to finish and returns its result, or throws naming the job. */
  async waitFor(job: Job, timeoutMs: number): Promise<unknown> {
    try {
      return await job.waitUntilFinished(this.events, timeoutMs);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/timed out|timeout/i.test(text)) {
        throw new AppError(
          'TIMEOUT',
          `job ${job.name} (${job.id}) did not finish within ${timeoutMs} ms — is a worker running?`,
        );
      }
      throw new AppError('INTERNAL', `job ${job.name} (${job.id}) failed: ${text}`);
    }
  }

  async check(): Promise<void> {
    if (this.producer.status !== 'ready') {
      throw new AppError(
        'UNAVAILABLE',
        `Redis at ${redact(this.opts.redisUrl)} is ${this.producer.status}`,
      );
    }
    await this.producer.ping();
  }

  /** Stops taking jobs, lets running ones finish (bounded by the caller), closes connections. */
  async close(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
    await this.events.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    for (const c of this.connections) c.disconnect();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
