import { z } from 'zod';
import { defineRequest } from '../message.js';
import { EntityId } from '../records/common.js';
import { Embedding, EmbeddingLevel, EmbeddingMetric, EmbeddingModelName } from './embeddings.js';

/** Little-endian float32 values, row after row, base64 (`Buffer.from(f32.buffer).toString('base64')`). */
export const Float32Base64 = z.base64();

/** Most records per vectors page in either direction (64 dims: 1,000 × 256 B ≈ 340 KB base64). */
export const MAX_VECTOR_PAGE_RECORDS = 1_000;

export const VectorSubjects = {
  /**
   * Vectors of an embedding (classification level): for the given `recordIds` (missing ones are
   * listed), or all of them paged by `cursor` (`null` on the first call, then `nextCursor`).
   */
  get: defineRequest(
    'embeddings.vectors.get.v1',
    z.union([
      z.object({ embeddingId: EntityId, recordIds: z.array(EntityId).min(1).max(MAX_VECTOR_PAGE_RECORDS) }),
      z.object({
        embeddingId: EntityId,
        cursor: z.number().int().nonnegative().nullable(),
        limit: z.number().int().min(1).max(MAX_VECTOR_PAGE_RECORDS).default(MAX_VECTOR_PAGE_RECORDS),
      }),
    ]),
    z.object({
      dims: z.number().int().positive(),
      recordIds: z.array(EntityId),
      vectors: Float32Base64,
      missing: z.array(EntityId),
      total: z.number().int().nonnegative(),
      nextCursor: z.number().int().nonnegative().nullable(),
    }),
    15_000,
  ),
  /**
   * Imports vectors as a FROZEN embedding (refinery snapshots): `begin` defines it, `page`s carry
   * vectors, `commit` makes them visible (an embedding without commit stays invisible and is
   * removed by `abort` or a later `begin` of the same name).
   */
  import: defineRequest(
    'embeddings.vectors.import.v1',
    z.discriminatedUnion('step', [
      z.object({
        step: z.literal('begin'),
        attributeName: z.string().trim().min(1).max(200),
        model: EmbeddingModelName,
        level: EmbeddingLevel.default('classification'),
        dims: z.number().int().min(1).max(4_096),
        metric: EmbeddingMetric.default('cosine'),
      }),
      z.object({
        step: z.literal('page'),
        embeddingId: EntityId,
        recordIds: z.array(EntityId).min(1).max(MAX_VECTOR_PAGE_RECORDS),
        vectors: Float32Base64,
      }),
      z.object({ step: z.literal('commit'), embeddingId: EntityId }),
      z.object({ step: z.literal('abort'), embeddingId: EntityId }),
    ]),
    z.object({ embedding: Embedding, stored: z.number().int().nonnegative() }),
    30_000,
  ),
} as const;
