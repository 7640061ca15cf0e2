import type { AnalyzerSpec } from './analyzers.js';
import { embeddedVectors, type EmbeddedVectors } from './embedded-vectors.js';
import { EmbedderError, EmbedderErrorCode, invalidOption } from './embedder-error.js';
import { sparseOperator } from './linear-operator.js';
import { fitPca, type PcaModel, pcaModelFrom, pcaTransformSparse } from './pca.js';
import { sparseToDense } from './sparse-matrix.js';
import {
  fitVectorizer,
  type FittedVectorizer,
  restoreVectorizer,
  type VectorizerOptions,
  type VectorizerState,
  type Weighting,
} from './vectorizer.js';

/** The built-in attribute-level models (no downloads). */
export const BUILTIN_SENTENCE_MODELS = ['tf-idf', 'bag-of-words', 'bag-of-characters'] as const;
export type BuiltinSentenceModel = (typeof BUILTIN_SENTENCE_MODELS)[number];

export const DEFAULT_EMBEDDING_DIMS = 64;

export interface SentenceEmbedderOptions {
  readonly model: BuiltinSentenceModel;
  /** output dimensions after PCA; default 64 */
  readonly dims?: number;
  /** n-gram lengths; default [1, 1] for words, [1, 3] for characters */
  readonly ngramRange?: readonly [number, number];
  readonly minDf?: number;
  readonly maxDf?: number;
  readonly maxFeatures?: number;
  readonly sublinearTf?: boolean;
  readonly pca?: {
    readonly oversample?: number;
    readonly powerIterations?: number;
    readonly seed?: number;
  };
}

/** What the service stores to embed new records later exactly like the fitted ones. */
export interface SentenceEmbedderState {
  readonly model: BuiltinSentenceModel;
  readonly vectorizer: VectorizerState;
  /** null when PCA was skipped (see `fitSentenceEmbedder`) */
  readonly pca: {
    readonly components: number;
    readonly mean: Float32Array;
    readonly loadings: Float32Array;
    readonly explainedVarianceRatio: number;
  } | null;
}

export interface FittedSentenceEmbedder {
  readonly model: BuiltinSentenceModel;
  readonly dims: number;
  /** false when PCA was skipped and vectors are the weighted term vectors */
  readonly reduced: boolean;
  /** share of the corpus variance the kept components explain (1 when not reduced) */
  readonly explainedVarianceRatio: number;
  embed(texts: readonly string[]): EmbeddedVectors;
  state(): SentenceEmbedderState;
}

const MODEL_SETUP: Record<
  BuiltinSentenceModel,
  { kind: AnalyzerSpec['kind']; weighting: Weighting; ngramRange: readonly [number, number] }
> = {
  'tf-idf': { kind: 'word', weighting: 'tf-idf', ngramRange: [1, 1] },
  'bag-of-words': { kind: 'word', weighting: 'count', ngramRange: [1, 1] },
  // refinery used single characters; trigrams carry much more of the wording at little cost
  'bag-of-characters': { kind: 'char', weighting: 'count', ngramRange: [1, 3] },
};

function vectorizerOptions(o: SentenceEmbedderOptions): VectorizerOptions {
  const setup = MODEL_SETUP[o.model];
  if (!setup)
    throw invalidOption(
      'model',
      `must be one of ${BUILTIN_SENTENCE_MODELS.join(', ')}, got "${String(o.model)}"`,
    );
  return {
    analyzer: { kind: setup.kind, ngramRange: o.ngramRange ?? setup.ngramRange },
    weighting: setup.weighting,
    minDf: o.minDf,
    maxDf: o.maxDf,
    maxFeatures: o.maxFeatures,
    sublinearTf: o.sublinearTf,
  };
}

/**
 * Fits a built-in embedder on the corpus and embeds it.
 *
 * PCA rule: vectors are reduced to `dims` components when the corpus has at least `dims` texts
 * and the vocabulary more than `dims` terms. Otherwise (a tiny project, or a vocabulary already
 * that small) PCA is skipped and the vectors are the weighted term vectors themselves, with
 * `dims` = vocabulary size; `reduced` says which happened.
 */
export function fitSentenceEmbedder(
  texts: readonly string[],
  options: SentenceEmbedderOptions,
): { embedder: FittedSentenceEmbedder; vectors: EmbeddedVectors } {
  const dims = options.dims ?? DEFAULT_EMBEDDING_DIMS;
  if (!Number.isInteger(dims) || dims < 1 || dims > 4096)
    throw invalidOption('dims', `must be an integer in [1, 4096], got ${dims}`);
  if (texts.length === 0)
    throw new EmbedderError(EmbedderErrorCode.InvalidInput, 'cannot fit an embedder on zero texts');
  const { vectorizer, matrix } = fitVectorizer(texts, vectorizerOptions(options));
  let pca: PcaModel | null = null;
  if (texts.length >= dims && matrix.nCols > dims) {
    pca = fitPca(sparseOperator(matrix), { components: dims, ...options.pca });
  }
  const ratio = pca
    ? pca.explainedVariance.reduce((s, v) => s + v, 0) / (pca.totalVariance || 1)
    : 1;
  const embedder = fitted(options.model, vectorizer, pca, ratio);
  const out = pca ? pcaTransformSparse(pca, matrix) : sparseToDense(matrix);
  return { embedder, vectors: embeddedVectors(out, texts.length, embedder.dims) };
}

/** An embedder from its stored state (new records get the vectors a refit-free run would give). */
export function restoreSentenceEmbedder(state: SentenceEmbedderState): FittedSentenceEmbedder {
  const vectorizer = restoreVectorizer(state.vectorizer);
  const pca = state.pca
    ? pcaModelFrom({
        inputDims: state.vectorizer.terms.length,
        components: state.pca.components,
        mean: state.pca.mean,
        loadings: state.pca.loadings,
      })
    : null;
  return fitted(state.model, vectorizer, pca, state.pca?.explainedVarianceRatio ?? 1);
}

function fitted(
  model: BuiltinSentenceModel,
  vectorizer: FittedVectorizer,
  pca: PcaModel | null,
  explained: number,
): FittedSentenceEmbedder {
  const dims = pca ? pca.components : vectorizer.state.terms.length;
  return {
    model,
    dims,
    reduced: pca !== null,
    explainedVarianceRatio: explained,
    embed: (texts) => {
      const m = vectorizer.transform(texts);
      return embeddedVectors(
        pca ? pcaTransformSparse(pca, m) : sparseToDense(m),
        texts.length,
        dims,
      );
    },
    state: () => ({
      model,
      vectorizer: vectorizer.state,
      pca: pca
        ? {
            components: pca.components,
            mean: pca.mean,
            loadings: pca.loadings,
            explainedVarianceRatio: explained,
          }
        : null,
    }),
  };
}
