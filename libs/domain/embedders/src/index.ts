export { EmbedderError, EmbedderErrorCode } from './embedder-error.js';
export { embeddingName, EMBEDDING_LEVELS } from './embedding-name.js';
export type { EmbeddingKey, EmbeddingLevel } from './embedding-name.js';
export { embeddedVectors } from './embedded-vectors.js';
export type { EmbeddedVectors } from './embedded-vectors.js';
export { analyze, charTerms, wordTerms } from './analyzers.js';
export type { AnalyzerSpec } from './analyzers.js';
export {
  sparseFromRows,
  sparseToDense,
  sparseTimesDense,
  sparseTransposeTimesDense,
} from './sparse-matrix.js';
export type { SparseMatrix } from './sparse-matrix.js';
export {
  fitVectorizer,
  restoreVectorizer,
  validateVectorizerOptions,
  VECTORIZER_DEFAULTS,
} from './vectorizer.js';
export type {
  FittedVectorizer,
  VectorizerOptions,
  VectorizerState,
  Weighting,
} from './vectorizer.js';
export { denseOperator, sparseOperator } from './linear-operator.js';
export type { LinearOperator } from './linear-operator.js';
export {
  fitPca,
  pcaModelFrom,
  pcaTransformDense,
  pcaTransformSparse,
  PCA_DEFAULTS,
} from './pca.js';
export type { PcaModel, PcaOptions } from './pca.js';
export {
  BUILTIN_SENTENCE_MODELS,
  DEFAULT_EMBEDDING_DIMS,
  fitSentenceEmbedder,
  restoreSentenceEmbedder,
} from './sentence-embedder.js';
export type {
  BuiltinSentenceModel,
  FittedSentenceEmbedder,
  SentenceEmbedderOptions,
  SentenceEmbedderState,
} from './sentence-embedder.js';
export {
  embedTokens,
  shape,
  TOKEN_EMBEDDER_DEFAULTS,
  TOKEN_HASHING_MODEL,
} from './token-embedder.js';
export type { TokenEmbedderOptions, TokenVectors } from './token-embedder.js';
export type { TransformerEmbedder, TransformerTokenEmbedder } from './transformer-embedder.js';
export { ExactVectorIndex, METRICS } from './vector-index.js';
export type { Metric, Neighbour, SearchOptions } from './vector-index.js';
export { percentile, similarityThreshold, THRESHOLD_DEFAULTS } from './similarity-threshold.js';
export type { ThresholdOptions } from './similarity-threshold.js';
export { outlierScores, OUTLIER_DEFAULTS } from './outlier-scores.js';
export type { OutlierOptions } from './outlier-scores.js';
export { gaussian, mulberry32 } from './random.js';
export { sampleRows } from './sample.js';
