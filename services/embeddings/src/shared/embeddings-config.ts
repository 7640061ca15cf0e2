import { z } from 'zod';
import { configWithPort } from '@refinery/server-core';

export const embeddingsConfigSchema = configWithPort(3002).extend({
  /** Records per batch job (and per stored vector page). */
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  /** Texts the vocabulary and PCA are fitted on (a seeded sample beyond this; refinery used the first batches). */
  EMBEDDINGS_FIT_SAMPLE: z.coerce.number().int().min(10).default(100_000),
  /** Batch jobs one worker process runs at once (1 for CPU-bound models: workers add up instead). */
  EMBEDDINGS_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** A batch job whose worker stops renewing its lock for this long is taken over by another worker. */
  EMBEDDINGS_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often workers look for stalled (orphaned) batch jobs. */
  EMBEDDINGS_STALLED_INTERVAL_MS: z.coerce.number().int().min(200).default(30_000),
  /** How long a project's membership in the caller's organization is trusted without asking records. */
  EMBEDDINGS_ACCESS_CACHE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a replica reuses an embedding's definition for searches (0 = read it every time). */
  EMBEDDINGS_DOC_CACHE_MS: z.coerce.number().int().min(0).default(1_000),
  /**
   * Pre-trained (transformer) models, read by the transformer provider (transformers/README.md):
   * the local folder `<REFINERY_MODEL_DIR>/<id>`, the hub switch (on|off) and URL, onnxruntime
   * threads per worker, batch size and sequence cap. Unset = the provider's defaults.
   */
  REFINERY_MODEL_DIR: z.string().optional(),
  REFINERY_MODEL_HUB: z.string().optional(),
  REFINERY_MODEL_HUB_URL: z.string().optional(),
  REFINERY_ONNX_THREADS: z.string().optional(),
  REFINERY_TRANSFORMER_BATCH_SIZE: z.string().optional(),
  REFINERY_TRANSFORMER_MAX_LENGTH: z.string().optional(),
  /** Qdrant instead of the in-process exact index (Mongo stays the source of truth). */
  QDRANT_URL: z.url().optional(),
  QDRANT_API_KEY: z.string().optional(),
});
export type EmbeddingsConfig = z.infer<typeof embeddingsConfigSchema>;
