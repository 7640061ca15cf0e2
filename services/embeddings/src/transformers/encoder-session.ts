/**
 * The seam between the embedders and the runtime (transformers.js tokenizer + onnxruntime-node
 * session, see hf-encoder-session.ts): everything the pooling code needs, in plain typed arrays.
 */
export interface EncodedBatch {
  readonly batch: number;
  readonly sequence: number;
  /** batch × sequence, padded */
  readonly inputIds: BigInt64Array;
  /** batch × sequence, 1 for real pieces (incl. special tokens), 0 for padding */
  readonly attentionMask: BigInt64Array;
}

export interface HiddenStates {
  readonly batch: number;
  readonly sequence: number;
  readonly dims: number;
  /** batch × sequence × dims, row-major */
  readonly data: Float32Array;
}

export interface EncoderSession {
  /** the tokenizer's own limit on pieces per sequence, special tokens included */
  readonly modelMaxLength: number;
  /** ids the tokenizer puts before / after a single sequence, e.g. [CLS] and [SEP] */
  readonly prefixIds: readonly number[];
  readonly suffixIds: readonly number[];
  readonly padId: number;
  /** sub-word piece ids of a fragment, without special tokens */
  encodePieces(text: string): number[];
  run(batch: EncodedBatch): Promise<HiddenStates>;
  dispose(): Promise<void>;
}
