import type {
  BuiltinSentenceModel,
  EmbeddingLevel,
  TransformerEmbedder,
  TransformerTokenEmbedder,
} from '@refinery/embedders';

/**
 * The seam between the embedding jobs and the models that compute vectors.
 *
 * The service asks every registered `ModelProvider` in order (`ModelRegistry`) for the model an
 * embedding names; the first one that answers wins. The built-in provider
 * (`builtin-model.provider.ts`) answers `tf-idf`, `bag-of-words`, `bag-of-characters`
 * (classification) and `token-hashing` (extraction). Any other name (e.g. a Hugging Face id such
 * as `distilbert-base-uncased`) goes to the providers plugged into `model-providers.ts`, e.g. the
 * transformer provider (services/embeddings/src/transformers).
 *
 * Contract for a provider:
 * - `resolve` is cheap and synchronous: it only says whether the provider knows the name (it must
 *   not download or load weights) and returns `null` otherwise.
 * - `load()` of a pre-trained model may be slow (it is called once per worker process and cached
 *   by the registry); when neither the hub nor the local folder has the model it throws
 *   `ModelUnavailableError` with a message naming what is missing. The embedding then goes to
 *   state `failed` with that message.
 * - Vectors are plain `Float32Array`s of exactly `dims` values. Pre-trained sentence vectors are
 *   reduced by PCA in the service when the embedding asks for fewer dimensions (the PCA is fitted
 *   on a sample during the fit job, like refinery fitted it on the first batches).
 */
export interface ModelProvider {
  /** short name for logs and errors, e.g. `builtin`, `transformers` */
  readonly name: string;
  /** the model for `model` at `level`, or null when this provider does not know the name */
  resolve(model: string, level: EmbeddingLevel): EmbeddingModel | null;
}

/** What a provider resolves a model name to. */
export type EmbeddingModel = FittedSentenceModel | PretrainedSentenceModel | PretrainedTokenModel;

/**
 * A built-in model fitted on the project's own texts (vocabulary, idf, PCA): the fit is one job,
 * its state is stored with the embedding and restored to embed batches and new records.
 */
export interface FittedSentenceModel {
  readonly kind: 'fitted-sentence';
  readonly model: BuiltinSentenceModel;
}

/** A pre-trained attribute-level model (classification): one vector per record. */
export interface PretrainedSentenceModel {
  readonly kind: 'pretrained-sentence';
  readonly model: string;
  load(): Promise<TransformerEmbedder>;
}

/** A pre-trained or stateless token-level model (extraction): one vector per token. */
export interface PretrainedTokenModel {
  readonly kind: 'pretrained-token';
  readonly model: string;
  load(): Promise<TransformerTokenEmbedder>;
}

/** Thrown by `load()` when the model's files are reachable neither from the hub nor locally. */
export class ModelUnavailableError extends Error {
  readonly code = 'MODEL_UNAVAILABLE';
  constructor(
    readonly model: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}
