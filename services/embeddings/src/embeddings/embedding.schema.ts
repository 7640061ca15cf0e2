import { Schema } from 'mongoose';
import type { Actor, EmbeddingLevel, EmbeddingMetric, EmbeddingState, ErrorBody } from '@refinery/contracts';

/**
 * An embedding definition and its committed state. Vectors of generation `generation` are the
 * visible ones; a run writes `runGeneration` and flips `generation` when its last batch is in
 * (FerretDB has no transactions: readers never see a half-written run). `revision` changes
 * whenever the visible vectors change (run commit, incremental sync, import), so every replica
 * knows when its in-memory index is stale.
 */
export interface EmbeddingDoc {
  _id: string;
  projectId: string;
  name: string;
  attributeName: string;
  model: string;
  level: EmbeddingLevel;
  requestedDims: number;
  dims: number | null;
  reduced: boolean | null;
  metric: EmbeddingMetric;
  state: EmbeddingState;
  frozen: boolean;
  /** false while an import is between `begin` and `commit` (invisible to list) */
  visible: boolean;
  generation: number | null;
  runGeneration: number | null;
  batches: number;
  revision: string;
  vectorCount: number;
  progress: { done: number; total: number };
  /** refinery's similarity threshold for `revision` (computed lazily) */
  threshold: { revision: string; value: number } | null;
  /** who created it: jobs read records on their behalf */
  actor: Actor;
  error: ErrorBody | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const EmbeddingSchema: Schema<EmbeddingDoc> = new Schema<EmbeddingDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    attributeName: { type: String, required: true },
    model: { type: String, required: true },
    level: { type: String, required: true },
    requestedDims: { type: Number, required: true },
    dims: { type: Number, default: null },
    reduced: { type: Boolean, default: null },
    metric: { type: String, required: true },
    state: { type: String, required: true },
    frozen: { type: Boolean, required: true },
    visible: { type: Boolean, required: true },
    generation: { type: Number, default: null },
    runGeneration: { type: Number, default: null },
    batches: { type: Number, default: 0 },
    revision: { type: String, required: true },
    vectorCount: { type: Number, default: 0 },
    progress: { type: Schema.Types.Mixed, required: true },
    threshold: { type: Schema.Types.Mixed, default: null },
    actor: { type: Schema.Types.Mixed, required: true },
    error: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'embeddings', versionKey: false, minimize: false },
);
EmbeddingSchema.index({ projectId: 1, name: 1 });
