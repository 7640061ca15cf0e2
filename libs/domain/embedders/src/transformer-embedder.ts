import type { TokenVectors } from './token-embedder.js';

/**
 * A pre-trained model (e.g. a Hugging Face id run through ONNX) as the embeddings service uses
 * it. Implementations live with the runtime (the ONNX path comes with the service); this package
 * only fixes the shape so the service, the PCA and the tests agree.
 */
export interface TransformerEmbedder {
  /** the model id as it appears in embedding names, e.g. `distilbert-base-uncased` */
  readonly name: string;
  /** length of every vector `embed` returns */
  readonly dims: number;
  /** one vector per text (mean-pooled sentence embedding), in input order */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The token-level counterpart for extraction tasks: one vector per token of each text. */
export interface TransformerTokenEmbedder {
  readonly name: string;
  readonly dims: number;
  /** tokens follow @refinery/tokenize so vectors line up with labelled spans */
  embedTokens(texts: readonly string[]): Promise<TokenVectors[]>;
}
