import { Inject, Injectable } from '@nestjs/common';
import { Schema } from 'mongoose';
import type { AnalyzerSpec, SentenceEmbedderState, Weighting } from '@refinery/embedders';
import { MONGO } from '@refinery/server-kit';
import { isDuplicateKey, type MongoConnectionManager, TenantRepository } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { bytesOf, fromBytes, toBuffer } from '../vectors/vector-codec.js';

/** A PCA fitted on pre-trained vectors (a sample of the project's texts). */
export interface StoredPca {
  readonly inputDims: number;
  readonly components: number;
  readonly mean: Float32Array;
  readonly loadings: Float32Array;
}

/** What a run fitted, so batches and later records embed exactly like the fit. */
export type EmbedderState =
  | { readonly kind: 'fitted-sentence'; readonly state: SentenceEmbedderState }
  | { readonly kind: 'pretrained-sentence'; readonly pca: StoredPca | null }
  | { readonly kind: 'pretrained-token' };

/**
 * Stored per run generation, written once by the fit job. Large arrays are binary (terms as one
 * JSON buffer: 20k strings; loadings: 20k × 64 float32 = 5 MB, under the 16 MB limit).
 */
interface EmbedderStateDoc {
  _id: string;
  projectId: string;
  embeddingId: string;
  generation: number;
  kind: EmbedderState['kind'];
  model: string | null;
  analyzer: AnalyzerSpec | null;
  weighting: Weighting | null;
  sublinearTf: boolean | null;
  terms: Buffer | null;
  idf: Buffer | null;
  pcaInputDims: number | null;
  pcaComponents: number | null;
  pcaMean: Buffer | null;
  pcaLoadings: Buffer | null;
  explainedVarianceRatio: number | null;
}

const EmbedderStateSchema = new Schema<EmbedderStateDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    embeddingId: { type: String, required: true },
    generation: { type: Number, required: true },
    kind: { type: String, required: true },
    model: { type: String, default: null },
    analyzer: { type: Schema.Types.Mixed, default: null },
    weighting: { type: String, default: null },
    sublinearTf: { type: Boolean, default: null },
    terms: { type: Buffer, default: null },
    idf: { type: Buffer, default: null },
    pcaInputDims: { type: Number, default: null },
    pcaComponents: { type: Number, default: null },
    pcaMean: { type: Buffer, default: null },
    pcaLoadings: { type: Buffer, default: null },
    explainedVarianceRatio: { type: Number, default: null },
  },
  { collection: 'embedder_states', versionKey: false, minimize: false },
);

@Injectable()
export class EmbedderStateRepository extends TenantRepository<EmbedderStateDoc> {
  private readonly cache = new Map<string, EmbedderState>();

  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<EmbedderStateDoc>('EmbedderState', EmbedderStateSchema));
  }

  async save(projectId: ProjectId, embeddingId: string, generation: number, state: EmbedderState): Promise<void> {
    try {
      await this.model.create({ ...encode(state), _id: key(embeddingId, generation), projectId, embeddingId, generation });
    } catch (error) {
      // A retried fit job: the first attempt's state stays (batches may already use it).
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /** Immutable once written, so cached per process. */
  async load(projectId: ProjectId, embeddingId: string, generation: number): Promise<EmbedderState | null> {
    const id = key(embeddingId, generation);
    const hit = this.cache.get(id);
    if (hit) return hit;
    const doc = await this.findById(projectId, id);
    if (!doc) return null;
    const state = decode(doc);
    if (this.cache.size > 50) this.cache.clear();
    this.cache.set(id, state);
    return state;
  }

  async removeOf(projectId: ProjectId, embeddingId: string, keep: number | null): Promise<number> {
    for (const k of this.cache.keys()) if (k.startsWith(`${embeddingId}:`)) this.cache.delete(k);
    const filter = keep === null ? { embeddingId } : { embeddingId, generation: { $ne: keep } };
    return (await this.model.deleteMany(this.scoped(projectId, filter))).deletedCount;
  }
}

const key = (embeddingId: string, generation: number): string => `${embeddingId}:${generation}`;

type Encoded = Omit<EmbedderStateDoc, '_id' | 'projectId' | 'embeddingId' | 'generation'>;

function encode(state: EmbedderState): Encoded {
  const empty: Encoded = {
    kind: state.kind, model: null, analyzer: null, weighting: null, sublinearTf: null, terms: null, idf: null,
    pcaInputDims: null, pcaComponents: null, pcaMean: null, pcaLoadings: null, explainedVarianceRatio: null,
  };
  if (state.kind === 'pretrained-token') return empty;
  if (state.kind === 'pretrained-sentence') {
    const p = state.pca;
    return p ? { ...empty, pcaInputDims: p.inputDims, pcaComponents: p.components, pcaMean: toBuffer(p.mean), pcaLoadings: toBuffer(p.loadings) } : empty;
  }
  const s = state.state;
  const v = s.vectorizer;
  return {
    ...empty,
    model: s.model,
    analyzer: v.analyzer,
    weighting: v.weighting,
    sublinearTf: v.sublinearTf,
    terms: Buffer.from(JSON.stringify(v.terms), 'utf8'),
    idf: v.idf ? Buffer.from(v.idf.buffer, v.idf.byteOffset, v.idf.byteLength) : null,
    ...(s.pca
      ? {
          pcaInputDims: v.terms.length,
          pcaComponents: s.pca.components,
          pcaMean: toBuffer(s.pca.mean),
          pcaLoadings: toBuffer(s.pca.loadings),
          explainedVarianceRatio: s.pca.explainedVarianceRatio,
        }
      : {}),
  };
}

function decode(doc: EmbedderStateDoc): EmbedderState {
  const bytes = (b: Buffer | null): Uint8Array | null => (b === null ? null : bytesOf(b));
  const mean = bytes(doc.pcaMean);
  const loadings = bytes(doc.pcaLoadings);
  if (doc.kind === 'pretrained-token') return { kind: 'pretrained-token' };
  if (doc.kind === 'pretrained-sentence') {
    return {
      kind: 'pretrained-sentence',
      pca: mean && loadings ? { inputDims: doc.pcaInputDims ?? 0, components: doc.pcaComponents ?? 0, mean: fromBytes(mean), loadings: fromBytes(loadings) } : null,
    };
  }
  const termBytes = bytes(doc.terms);
  const idfBytes = bytes(doc.idf);
  const idf = idfBytes ? new Float64Array(Uint8Array.from(idfBytes).buffer) : null;
  return {
    kind: 'fitted-sentence',
    state: {
      model: doc.model as SentenceEmbedderState['model'],
      vectorizer: {
        analyzer: doc.analyzer as AnalyzerSpec,
        weighting: doc.weighting as Weighting,
        sublinearTf: doc.sublinearTf ?? false,
        terms: termBytes ? (JSON.parse(Buffer.from(termBytes).toString('utf8')) as string[]) : [],
        idf,
      },
      pca:
        mean && loadings
          ? { components: doc.pcaComponents ?? 0, mean: fromBytes(mean), loadings: fromBytes(loadings), explainedVarianceRatio: doc.explainedVarianceRatio ?? 1 }
          : null,
    },
  };
}
