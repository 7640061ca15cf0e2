import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { z } from 'zod';
import { EmbeddingEvents, type Actor, type ErrorBody } from '@refinery/contracts';
import { sampleRows } from '@refinery/embedders';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, EventPublisher, KIT_OPTIONS, LOGGER, OnJob, QUEUE, type KitOptions } from '@refinery/server-kit';
import type { JobContext, QueueManager } from '@refinery/server-queue';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import type { EmbeddingDoc } from '../embeddings/embedding.schema.js';
import type { EmbeddingsConfig } from '../shared/embeddings-config.js';
import { isCallerError } from '../shared/errors.js';
import { trustedProjectId, type ProjectId } from '../shared/project-scope.js';
import { RecordsClient, type RecordText } from '../shared/records-client.js';
import { VectorPageRepository } from '../vectors/vector-page.repository.js';
import { textHash, toBuffer } from '../vectors/vector-codec.js';
import { BatchMarkRepository } from './batch-mark.repository.js';
import { BatchQueue } from './batch-queue.js';
import { EmbedderRuntime } from './embedder-runtime.js';
import { EmbedderStateRepository } from './embedder-state.repository.js';
import { EmbedBatchJob } from './jobs/embed-batch.job.js';
import { FitEmbeddingJob } from './jobs/fit-embedding.job.js';
import { SyncEmbeddingJob } from './jobs/sync-embedding.job.js';

type FitPayload = z.infer<typeof FitEmbeddingJob.payload>;
type BatchPayload = z.infer<typeof EmbedBatchJob.payload>;

/**
 * An embedding run: the fit job reads every text, fits the embedder on them (a seeded sample
 * beyond EMBEDDINGS_FIT_SAMPLE), stores its state and enqueues one batch job per
 * EMBEDDINGS_BATCH_SIZE records; each batch (any worker process) stores one vector page and one
 * batch mark; the batch that finds every mark in commits the generation. Every step checks the
 * embedding's `runGeneration`, so jobs of a superseded or deleted run change nothing.
 */
@Injectable()
export class EmbeddingRunner implements OnModuleInit {
  constructor(
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(VectorPageRepository) private readonly pages: VectorPageRepository,
    @Inject(BatchMarkRepository) private readonly marks: BatchMarkRepository,
    @Inject(EmbedderStateRepository) private readonly states: EmbedderStateRepository,
    @Inject(EmbedderRuntime) private readonly runtime: EmbedderRuntime,
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(BatchQueue) private readonly batches: BatchQueue,
    @Inject(QUEUE) private readonly queue: QueueManager | null,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CONFIG) private readonly config: EmbeddingsConfig,
    @Inject(KIT_OPTIONS) private readonly kit: KitOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.batches.handle((payload) => this.batch(payload));
  }

  /** Starts a (new) run of a stored embedding. */
  async start(projectId: ProjectId, doc: EmbeddingDoc): Promise<void> {
    if (!this.queue) throw new AppError('INTERNAL', 'the embeddings service runs without its queue');
    const generation = Date.now();
    await this.embeddings.update(projectId, doc._id, { runGeneration: generation, state: 'QUEUED', error: null, progress: { done: 0, total: 0 } });
    try {
      await this.queue.enqueue(FitEmbeddingJob, { projectId, embeddingId: doc._id, generation }, { jobId: `fit-${doc._id}-${generation}` });
    } catch (error) {
      await this.fail(projectId, doc._id, generation, error, doc.actor);
      throw error;
    }
  }

  /** Embeds added and changed records of a finished embedding (after uploads). */
  async requestSync(projectId: ProjectId, embeddingId: string): Promise<void> {
    if (!this.queue) throw new AppError('INTERNAL', 'the embeddings service runs without its queue');
    await this.queue.enqueue(SyncEmbeddingJob, { projectId, embeddingId });
  }

  @OnJob(FitEmbeddingJob)
  async fit(payload: FitPayload, ctx: JobContext): Promise<{ batches: number; records: number } | null> {
    const projectId = trustedProjectId(payload.projectId);
    const { embeddingId, generation } = payload;
    const doc = await this.embeddings.findById(projectId, embeddingId);
    if (!doc || doc.runGeneration !== generation) return null;
    try {
      await this.embeddings.updateIfRun(projectId, embeddingId, generation, { state: 'FITTING' });
      this.progress(doc, 'FITTING', 0, 0);
      const texts: RecordText[] = [];
      for await (const page of this.records.allTexts(projectId, doc.actor, doc.attributeName)) texts.push(...page.records);
      if (texts.length === 0) throw new AppError('VALIDATION_FAILED', `the project has no records to embed "${doc.attributeName}" of`);
      const fitTexts = texts.length > this.config.EMBEDDINGS_FIT_SAMPLE ? [...sampleRows(texts.length, this.config.EMBEDDINGS_FIT_SAMPLE, 42)].map((i) => texts[i]!.text) : texts.map((t) => t.text);
      const fitted = await this.runtime.fit(doc.model, doc.level, doc.requestedDims, fitTexts);
      await this.states.save(projectId, embeddingId, generation, fitted.state);
      const size = this.config.EMBEDDINGS_BATCH_SIZE;
      const jobs: BatchPayload[] = [];
      for (let from = 0, b = 0; from < texts.length; from += size, b++) {
        jobs.push({ projectId, embeddingId, generation, batch: b, afterSeq: from === 0 ? -1 : texts[from - 1]!.seq, limit: Math.min(size, texts.length - from) });
      }
      const stillOurs = await this.embeddings.updateIfRun(projectId, embeddingId, generation, {
        state: 'EMBEDDING',
        dims: fitted.dims,
        reduced: fitted.reduced,
        batches: jobs.length,
        progress: { done: 0, total: texts.length },
      });
      if (!stillOurs) return null;
      this.progress(doc, 'EMBEDDING', 0, texts.length);
      await this.batches.enqueue(jobs);
      await ctx.progress(100);
      return { batches: jobs.length, records: texts.length };
    } catch (error) {
      // Bad input (no records, empty vocabulary, unknown model) fails at once; the rest is retried.
      if (isCallerError(error) || ctx.attempt >= FitEmbeddingJob.attempts || isEmbedderError(error)) {
        await this.fail(projectId, embeddingId, generation, error, doc.actor);
        return null;
      }
      throw error;
    }
  }

  /** One batch: embed, store the page, mark it; the batch completing the set commits. */
  async batch(payload: BatchPayload): Promise<{ records: number } | null> {
    const projectId = trustedProjectId(payload.projectId);
    const { embeddingId, generation, batch } = payload;
    const doc = await this.embeddings.findById(projectId, embeddingId);
    if (!doc || doc.runGeneration !== generation) return null;
    const state = await this.states.load(projectId, embeddingId, generation);
    if (!state) throw new Error(`embedder state of ${embeddingId} generation ${generation} is missing`);
    const page = await this.records.texts(projectId, doc.actor, doc.attributeName, payload.afterSeq, payload.limit);
    const texts = page.records;
    if (texts.length) {
      const out = await this.runtime.embed(doc.model, state, texts.map((t) => t.text));
      await this.pages.insertOnce(projectId, {
        _id: `${embeddingId}:${generation}:b${batch}`,
        embeddingId,
        generation,
        seq: batch,
        recordIds: texts.map((t) => t.id),
        hashes: texts.map((t) => textHash(t.text)),
        tokenCounts: out.tokenCounts,
        removedIds: [],
        dims: out.dims,
        vectors: toBuffer(out.vectors),
        createdAt: new Date(),
      });
    }
    await this.marks.mark(projectId, { embeddingId, generation, batch, records: texts.length, instanceId: this.kit.instanceId });
    const marks = await this.marks.ofRun(projectId, embeddingId, generation);
    const done = marks.reduce((n, m) => n + m.records, 0);
    if (marks.length >= doc.batches) await this.commit(projectId, doc, generation, done);
    else {
      await this.embeddings.updateIfRun(projectId, embeddingId, generation, { progress: { done, total: doc.progress.total } });
      this.progress(doc, 'EMBEDDING', done, doc.progress.total);
    }
    return { records: texts.length };
  }

  @OnJob(SyncEmbeddingJob)
  async sync(payload: z.infer<typeof SyncEmbeddingJob.payload>): Promise<{ embedded: number; removed: number } | null> {
    const projectId = trustedProjectId(payload.projectId);
    const doc = await this.embeddings.findById(projectId, payload.embeddingId);
    if (!doc || doc.frozen || doc.state !== 'FINISHED' || doc.generation === null) return null;
    const generation = doc.generation;
    const state = await this.states.load(projectId, doc._id, generation);
    if (!state) return null;
    const known = new Map<string, string>();
    for (const p of await this.pages.ofGeneration(projectId, doc._id, generation)) {
      p.recordIds.forEach((id, i) => known.set(id, p.hashes[i] ?? ''));
      for (const id of p.removedIds) known.delete(id);
    }
    const stale: RecordText[] = [];
    const present = new Set<string>();
    for await (const page of this.records.allTexts(projectId, doc.actor, doc.attributeName)) {
      for (const r of page.records) {
        present.add(r.id);
        if (known.get(r.id) !== textHash(r.text)) stale.push(r);
      }
    }
    const removed = [...known.keys()].filter((id) => !present.has(id));
    if (!stale.length && !removed.length) return { embedded: 0, removed: 0 };
    const size = this.config.EMBEDDINGS_BATCH_SIZE;
    const base = Date.now();
    const chunks = Math.max(1, Math.ceil(stale.length / size));
    for (let c = 0; c < chunks; c++) {
      const part = stale.slice(c * size, (c + 1) * size);
      const out = part.length ? await this.runtime.embed(doc.model, state, part.map((t) => t.text)) : { dims: doc.dims ?? 1, vectors: new Float32Array(0), tokenCounts: [] };
      await this.pages.insertOnce(projectId, {
        _id: `${doc._id}:${generation}:s${base}-${c}-${randomUUID().slice(0, 8)}`,
        embeddingId: doc._id,
        generation,
        seq: base + c,
        recordIds: part.map((t) => t.id),
        hashes: part.map((t) => textHash(t.text)),
        tokenCounts: out.tokenCounts,
        removedIds: c === chunks - 1 ? removed : [],
        dims: out.dims,
        vectors: toBuffer(out.vectors),
        createdAt: new Date(),
      });
    }
    await this.embeddings.update(projectId, doc._id, { revision: randomUUID(), vectorCount: present.size });
    this.events.publish(EmbeddingEvents.changed, projectId, { projectId, embeddingId: doc._id, change: 'updated' }, doc.actor);
    this.logger.info({ projectId, embeddingId: doc._id, embedded: stale.length, removed: removed.length }, 'embedding brought up to date');
    return { embedded: stale.length, removed: removed.length };
  }

  private async commit(projectId: ProjectId, doc: EmbeddingDoc, generation: number, records: number): Promise<void> {
    const committed = await this.embeddings.updateIfRun(projectId, doc._id, generation, {
      generation,
      state: 'FINISHED',
      revision: randomUUID(),
      vectorCount: records,
      threshold: null,
      progress: { done: records, total: records },
      finishedAt: new Date(),
    });
    if (!committed) return;
    // The previous generation's vectors are unreachable now (readers follow `generation`).
    await this.pages.removeExcept(projectId, doc._id, generation);
    await this.states.removeOf(projectId, doc._id, generation);
    this.progress(doc, 'FINISHED', records, records);
    this.events.publish(EmbeddingEvents.changed, projectId, { projectId, embeddingId: doc._id, change: 'finished' }, doc.actor);
    this.logger.info({ projectId, embeddingId: doc._id, records, batches: doc.batches }, 'embedding run finished');
    // Records added while the run read the project are picked up by a sync.
    await this.requestSync(projectId, doc._id).catch((error: unknown) => this.logger.warn({ err: String(error) }, 'sync after the run not enqueued'));
  }

  private async fail(projectId: ProjectId, embeddingId: string, generation: number, error: unknown, actor: Actor): Promise<void> {
    const body: ErrorBody =
      error instanceof AppError ? error.toBody() : { code: isEmbedderError(error) ? 'VALIDATION_FAILED' : 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    const done = await this.embeddings.updateIfRun(projectId, embeddingId, generation, { state: 'FAILED', error: body, finishedAt: new Date() });
    if (done) {
      this.events.publish(EmbeddingEvents.changed, projectId, { projectId, embeddingId, change: 'failed' }, actor);
      this.logger.warn({ projectId, embeddingId, err: body.message }, 'embedding run failed');
    }
  }

  private progress(doc: EmbeddingDoc, state: EmbeddingDoc['state'], done: number, total: number): void {
    this.events.publish(EmbeddingEvents.progress, doc.projectId, { projectId: doc.projectId, embeddingId: doc._id, state, done, total }, doc.actor);
  }
}

function isEmbedderError(error: unknown): boolean {
  return error instanceof Error && error.name === 'EmbedderError';
}
