import { z } from 'zod';
import { EmbeddingLevel, EmbeddingMetric, EmbeddingModelName, EmbeddingState, ErrorBody, IsoDate } from '@refinery/contracts';

/**
 * Lines of the embeddings part of a project snapshot (`embeddings/<collection>.jsonl`), in
 * collection order. Ids (embedding, record) are the source project's; the import maps each
 * through `snapshotId(salt, id)`, so record ids land on what the records part imported.
 */
const Id = z.string().min(1).max(128);
const Count = z.number().int().nonnegative();

/** A definition with its committed state (what `embeddings.embeddings.get.v1` shows). */
export const EmbeddingLine = z.object({
  id: Id,
  name: z.string().min(1).max(400),
  attributeName: z.string().trim().min(1).max(200),
  model: EmbeddingModelName,
  level: EmbeddingLevel,
  requestedDims: z.number().int().positive().max(4_096),
  dims: z.number().int().positive().max(4_096).nullable(),
  reduced: z.boolean().nullable(),
  metric: EmbeddingMetric,
  state: EmbeddingState,
  /** imported vectors without a model state (refinery snapshots): new records get no vector */
  frozen: z.boolean(),
  vectorCount: Count,
  progress: z.object({ done: Count, total: Count }),
  error: ErrorBody.nullable(),
  createdAt: IsoDate,
  finishedAt: IsoDate.nullable(),
});
export type EmbeddingLine = z.infer<typeof EmbeddingLine>;

/** The binary pieces of an embedder state, sent as base64 chunks (a PCA of 20k terms × 64 is 5 MB). */
export const stateBlobs = ['terms', 'idf', 'pcaMean', 'pcaLoadings'] as const;
export type StateBlob = (typeof stateBlobs)[number];

/**
 * The embedder state of an embedding's committed run — what keeps new and edited records embedded
 * exactly like the fit (vocabulary, idf, PCA): its scalar settings here, its arrays as chunks
 * (`embedder-state-chunks`) whose byte lengths are declared in `bytes`.
 */
export const EmbedderStateLine = z.object({
  embeddingId: Id,
  kind: z.enum(['fitted-sentence', 'pretrained-sentence', 'pretrained-token']),
  /** fitted-sentence: the built-in model (`tf-idf`, …) and its vectorizer settings */
  model: z.string().max(200).nullable(),
  analyzer: z.record(z.string(), z.unknown()).nullable(),
  weighting: z.enum(['count', 'tf-idf']).nullable(),
  sublinearTf: z.boolean().nullable(),
  pcaInputDims: Count.nullable(),
  pcaComponents: Count.nullable(),
  explainedVarianceRatio: z.number().nullable(),
  /** bytes of each blob: `terms` (UTF-8 JSON array), `idf` (float64), `pcaMean`, `pcaLoadings` (float32); 0 = absent */
  bytes: z.object({ terms: Count, idf: Count, pcaMean: Count, pcaLoadings: Count }),
});
export type EmbedderStateLine = z.infer<typeof EmbedderStateLine>;

const Base64 = z.base64();

export const EmbedderStateChunkLine = z.object({
  embeddingId: Id,
  blob: z.enum(stateBlobs),
  /** 0-based, in order */
  index: Count,
  data: Base64,
});
export type EmbedderStateChunkLine = z.infer<typeof EmbedderStateChunkLine>;

/** Vectors of consecutive records of one embedding (only with `includeVectors`). */
export const VectorsLine = z.object({
  embeddingId: Id,
  recordIds: z.array(Id).min(1).max(1_000),
  /** text hash per record (what tells an edited text); '' for vectors imported frozen */
  hashes: z.array(z.string().max(64)),
  /** little-endian float32, `recordIds.length × dims`, row after row */
  vectors: Base64,
});
export type VectorsLine = z.infer<typeof VectorsLine>;

export const embeddingsPartCollections = ['embeddings', 'embedder-states', 'embedder-state-chunks', 'vectors'] as const;
export type EmbeddingsPartCollection = (typeof embeddingsPartCollections)[number];
