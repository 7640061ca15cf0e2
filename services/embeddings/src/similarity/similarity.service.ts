import { Inject, Injectable } from '@nestjs/common';
import type { OutlierHit, ReplyOf, RequestOf, SimilarHit, SimilaritySubjects } from '@refinery/contracts';
import { ExactVectorIndex, outlierScores, sampleRows, similarityThreshold } from '@refinery/embedders';
import { AppError } from '@refinery/server-core';
import { EmbeddingRepository } from '../embeddings/embedding.repository.js';
import { VECTOR_INDEX, type VectorIndexPort } from '../index/vector-index.port.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { VectorSet } from '../vectors/vector-set.js';
import { EmbeddingVectorsService } from './embedding-vectors.service.js';

type FindRequest = RequestOf<typeof SimilaritySubjects.find>;
type OutlierRequest = RequestOf<typeof SimilaritySubjects.outliers>;

const THRESHOLD_SAMPLE = 1_000;

/** Similar records (the vector index) and outlier scores (exact, in process) of an embedding. */
@Injectable()
export class SimilarityService {
  private readonly outliers = new Map<string, Promise<Float32Array>>();

  constructor(
    @Inject(EmbeddingVectorsService) private readonly vectors: EmbeddingVectorsService,
    @Inject(EmbeddingRepository) private readonly embeddings: EmbeddingRepository,
    @Inject(VECTOR_INDEX) private readonly index: VectorIndexPort,
  ) {}

  async find(scope: ProjectScope, request: FindRequest): Promise<ReplyOf<typeof SimilaritySubjects.find>> {
    const { doc, set, ref } = await this.vectors.usable(scope, request.embeddingId);
    const row = set.rows.get(request.recordId);
    if (row === undefined) {
      throw new AppError('NOT_FOUND', `record ${request.recordId} has no vector in embedding "${doc.name}"${doc.frozen ? ' (imported embedding: records added later have none)' : ' (yet)'}`);
    }
    let threshold: number | null = null;
    if (request.threshold === 'auto') {
      if (doc.threshold?.revision === doc.revision) threshold = doc.threshold.value;
      else {
        threshold = thresholdOf(set, ref.metric);
        // Cached with the revision it belongs to (every replica may write it; all agree).
        if (Number.isFinite(threshold)) await this.embeddings.update(scope.projectId, doc._id, { threshold: { revision: doc.revision, value: threshold } });
      }
      if (!Number.isFinite(threshold)) threshold = null;
    } else if (typeof request.threshold === 'number') threshold = request.threshold;
    const query = set.matrix.slice(row * set.dims, (row + 1) * set.dims);
    await this.index.ensure(ref, () => Promise.resolve(set));
    const hits = await this.index.search(ref, query, { k: request.limit, threshold: threshold ?? undefined, excludeId: request.recordId });
    const cosine = ref.metric === 'cosine';
    const out: SimilarHit[] = hits.map((h) => ({ id: h.id, distance: h.distance, score: cosine ? 1 - h.distance : -h.distance }));
    return { hits: out, threshold };
  }

  async outlierScores(scope: ProjectScope, request: OutlierRequest): Promise<ReplyOf<typeof SimilaritySubjects.outliers>> {
    const { set, ref } = await this.vectors.usable(scope, request.embeddingId);
    const key = `${ref.embeddingId}@${ref.revision}:${request.method}`;
    let scores = this.outliers.get(key);
    if (!scores) {
      // Computed once per revision and method: a kNN pass over 32k records takes seconds.
      scores = Promise.resolve().then(() => outlierScores(new ExactVectorIndex(set.matrix, set.ids.length, set.dims, ref.metric), { method: request.method }));
      scores.catch(() => this.outliers.delete(key));
      if (this.outliers.size > 32) this.outliers.clear();
      this.outliers.set(key, scores);
    }
    const values = await scores;
    const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
    const records: OutlierHit[] = order.slice(0, request.limit).map((i) => ({ id: set.ids[i]!, score: values[i]! }));
    return { records, total: set.ids.length };
  }
}

/** refinery's threshold on a seeded sample of at most 1,000 vectors. */
function thresholdOf(set: VectorSet, metric: 'cosine' | 'euclidean'): number {
  const n = set.ids.length;
  if (n < 2) return NaN;
  const rows = sampleRows(n, Math.min(n, THRESHOLD_SAMPLE), 42);
  const m = new Float32Array(rows.length * set.dims);
  rows.forEach((r, i) => m.set(set.matrix.subarray(r * set.dims, (r + 1) * set.dims), i * set.dims));
  return similarityThreshold(new ExactVectorIndex(m, rows.length, set.dims, metric), { sampleSize: rows.length });
}
