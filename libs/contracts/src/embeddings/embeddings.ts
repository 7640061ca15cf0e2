import { z } from 'zod';
import { ErrorBody } from '../envelope.js';
import { defineEvent, defineRequest } from '../message.js';
import { EntityId, IsoDate } from '../records/common.js';

export const EmbeddingLevel = z.enum(['classification', 'extraction']);
export type EmbeddingLevel = z.infer<typeof EmbeddingLevel>;

/**
 * QUEUED → FITTING (vocabulary / PCA, one job) → EMBEDDING (batch jobs, any worker) → FINISHED,
 * or FAILED with an error. A FROZEN embedding was imported (vectors only, no embedder state):
 * usable for similarity and learners, new records get no vector.
 */
export const EmbeddingState = z.enum(['QUEUED', 'FITTING', 'EMBEDDING', 'FINISHED', 'FAILED']);
export type EmbeddingState = z.infer<typeof EmbeddingState>;

export const EmbeddingMetric = z.enum(['cosine', 'euclidean']);
export type EmbeddingMetric = z.infer<typeof EmbeddingMetric>;

/** Model ids: built-in names or Hugging Face ids (`org/name`). */
export const EmbeddingModelName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" and "/" only');

export const Embedding = z.object({
  id: EntityId,
  /** refinery's `<attribute>-<classification|extraction>-<model>` */
  name: z.string(),
  attributeName: z.string(),
  model: z.string(),
  level: EmbeddingLevel,
  /** PCA components asked for (built-in and pre-trained sentence models) */
  requestedDims: z.number().int().positive(),
  /** length of the stored vectors; null until the fit decided it */
  dims: z.number().int().positive().nullable(),
  /** false when PCA was skipped (tiny project or small vocabulary) */
  reduced: z.boolean().nullable(),
  metric: EmbeddingMetric,
  state: EmbeddingState,
  frozen: z.boolean(),
  /** records with a vector in the committed generation */
  vectors: z.number().int().nonnegative(),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
  error: ErrorBody.nullable(),
  createdAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});
export type Embedding = z.infer<typeof Embedding>;

export const EmbeddingSubjects = {
  /** Defines an embedding and starts its run (fit job, then batch jobs). */
  create: defineRequest(
    'embeddings.embeddings.create.v1',
    z.object({
      attributeName: z.string().trim().min(1).max(200),
      model: EmbeddingModelName,
      level: EmbeddingLevel.default('classification'),
      dims: z.number().int().min(2).max(1_024).default(64),
      metric: EmbeddingMetric.default('cosine'),
    }),
    Embedding,
    15_000,
  ),
  list: defineRequest('embeddings.embeddings.list.v1', z.object({}), z.object({ embeddings: z.array(Embedding) })),
  get: defineRequest('embeddings.embeddings.get.v1', z.object({ embeddingId: EntityId }), Embedding),
  /** Removes the embedding, its vectors and its index. */
  delete: defineRequest(
    'embeddings.embeddings.delete.v1',
    z.object({ embeddingId: EntityId }),
    z.object({ deleted: z.literal(true), vectorPages: z.number().int().nonnegative() }),
    30_000,
  ),
  /**
   * Embeds records that have no vector yet or whose text changed since (also done on every
   * `records.uploads.completed.v1`). Frozen embeddings answer VALIDATION_FAILED.
   */
  refresh: defineRequest('embeddings.embeddings.refresh.v1', z.object({ embeddingId: EntityId }), z.object({ queued: z.literal(true) })),
} as const;

export const EmbeddingProgressEvent = z.object({
  projectId: EntityId,
  embeddingId: EntityId,
  state: EmbeddingState,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export const EmbeddingChangedEvent = z.object({
  projectId: EntityId,
  embeddingId: EntityId,
  change: z.enum(['created', 'finished', 'failed', 'deleted', 'updated']),
});

export const EmbeddingEvents = {
  progress: defineEvent('embeddings.embeddings.progress.v1', EmbeddingProgressEvent),
  changed: defineEvent('embeddings.embeddings.changed.v1', EmbeddingChangedEvent),
} as const;
