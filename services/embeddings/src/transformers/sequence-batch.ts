import type { EncodedBatch } from './encoder-session.js';

/**
 * Frames each piece sequence with the model's special tokens (e.g. `[CLS] … [SEP]`) and pads the
 * batch to its longest row. Built here rather than by the tokenizer's own truncation because
 * transformers.js truncates after adding special tokens, cutting the final `[SEP]` off long texts
 * (Python's tokenizers keep it); the model was trained with it.
 */
export function frameBatch(
  sequences: readonly (readonly number[])[],
  frame: {
    readonly prefixIds: readonly number[];
    readonly suffixIds: readonly number[];
    readonly padId: number;
  },
): EncodedBatch {
  const { prefixIds, suffixIds, padId } = frame;
  const specials = prefixIds.length + suffixIds.length;
  const sequence = specials + Math.max(0, ...sequences.map((s) => s.length));
  const inputIds = new BigInt64Array(sequences.length * sequence).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(sequences.length * sequence);
  sequences.forEach((pieces, b) => {
    let at = b * sequence;
    for (const id of [...prefixIds, ...pieces, ...suffixIds]) {
      inputIds[at] = BigInt(id);
      attentionMask[at] = 1n;
      at++;
    }
  });
  return { batch: sequences.length, sequence, inputIds, attentionMask };
}
