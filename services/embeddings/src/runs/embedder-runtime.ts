import { Inject, Injectable } from '@nestjs/common';
import {
  denseOperator,
  fitPca,
  fitSentenceEmbedder,
  pcaModelFrom,
  pcaTransformDense,
  restoreSentenceEmbedder,
  type FittedSentenceEmbedder,
  type EmbeddingLevel,
} from '@refinery/embedders';
import { ModelRegistry } from '../models/model-registry.js';
import type { EmbedderState, StoredPca } from './embedder-state.repository.js';

export interface FitOutcome {
  readonly state: EmbedderState;
  readonly dims: number;
  readonly reduced: boolean;
}

export interface BatchVectors {
  readonly dims: number;
  /** records × dims (classification) or Σ tokens × dims (extraction), row-major */
  readonly vectors: Float32Array;
  /** extraction: tokens per record; empty for classification */
  readonly tokenCounts: number[];
}

/** Pre-trained vectors embedded for the PCA fit (refinery fitted on its first batches). */
const PRETRAINED_PCA_SAMPLE = 2_000;

/** Fits and applies embedders of any provider; the glue between jobs and `@refinery/embedders`. */
@Injectable()
export class EmbedderRuntime {
  private readonly restored = new Map<EmbedderState, FittedSentenceEmbedder>();

  constructor(@Inject(ModelRegistry) private readonly models: ModelRegistry) {}

  async fit(model: string, level: EmbeddingLevel, dims: number, texts: readonly string[]): Promise<FitOutcome> {
    const resolved = this.models.resolve(model, level);
    if (resolved.kind === 'fitted-sentence') {
      const { embedder } = fitSentenceEmbedder(texts.length ? texts : [''], { model: resolved.model, dims });
      return { state: { kind: 'fitted-sentence', state: embedder.state() }, dims: embedder.dims, reduced: embedder.reduced };
    }
    if (resolved.kind === 'pretrained-token') {
      const embedder = await this.models.tokens(model);
      return { state: { kind: 'pretrained-token' }, dims: embedder.dims, reduced: false };
    }
    const embedder = await this.models.sentence(model);
    const sample = texts.slice(0, PRETRAINED_PCA_SAMPLE);
    // PCA rule of the built-in models: reduce only with enough texts and more dimensions than asked.
    if (sample.length < dims || embedder.dims <= dims) return { state: { kind: 'pretrained-sentence', pca: null }, dims: embedder.dims, reduced: false };
    const rows = await embedder.embed(sample);
    const x = new Float32Array(rows.length * embedder.dims);
    rows.forEach((r, i) => x.set(r, i * embedder.dims));
    const pca = fitPca(denseOperator(x, rows.length, embedder.dims), { components: dims });
    const stored: StoredPca = { inputDims: embedder.dims, components: dims, mean: pca.mean, loadings: pca.loadings };
    return { state: { kind: 'pretrained-sentence', pca: stored }, dims, reduced: true };
  }

  async embed(model: string, state: EmbedderState, texts: readonly string[]): Promise<BatchVectors> {
    if (state.kind === 'fitted-sentence') {
      let embedder = this.restored.get(state);
      if (!embedder) {
        embedder = restoreSentenceEmbedder(state.state);
        if (this.restored.size > 20) this.restored.clear();
        this.restored.set(state, embedder);
      }
      const out = embedder.embed(texts);
      return { dims: out.dims, vectors: out.matrix, tokenCounts: [] };
    }
    if (state.kind === 'pretrained-token') {
      const embedder = await this.models.tokens(model);
      const per = await embedder.embedTokens(texts);
      const total = per.reduce((n, t) => n + t.tokens.length, 0);
      const vectors = new Float32Array(total * embedder.dims);
      let at = 0;
      for (const t of per) {
        vectors.set(t.matrix, at);
        at += t.matrix.length;
      }
      // An empty text has no tokens: a count of 0 keeps records and counts aligned.
      return { dims: embedder.dims, vectors, tokenCounts: per.map((t) => t.tokens.length) };
    }
    const embedder = await this.models.sentence(model);
    const rows = await embedder.embed(texts);
    const x = new Float32Array(rows.length * embedder.dims);
    rows.forEach((r, i) => x.set(r, i * embedder.dims));
    if (!state.pca) return { dims: embedder.dims, vectors: x, tokenCounts: [] };
    const pca = pcaModelFrom(state.pca);
    return { dims: state.pca.components, vectors: pcaTransformDense(pca, x, rows.length), tokenCounts: [] };
  }
}
