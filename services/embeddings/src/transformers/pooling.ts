/**
 * Pooling of a transformer's `last_hidden_state` (batch × sequence × dims, row-major) into
 * sentence and token vectors. Pure functions so they are unit-tested on hand-made tensors.
 */

/**
 * Mean of the hidden vectors whose attention mask is 1 (padding never counts), L2-normalised:
 * sentence-transformers' `mean` pooling followed by its `Normalize` module. A row whose mask is
 * all zeros gives a zero vector.
 */
export function meanPoolNormalised(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  sequence: number,
  dims: number,
): Float32Array[] {
  if (hidden.length !== batch * sequence * dims)
    throw new Error(
      `hidden state has ${hidden.length} values, expected ${batch}×${sequence}×${dims}`,
    );
  if (mask.length !== batch * sequence)
    throw new Error(`attention mask has ${mask.length} values, expected ${batch}×${sequence}`);
  const out: Float32Array[] = [];
  const sum = new Float64Array(dims);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    for (let s = 0; s < sequence; s++) {
      if (Number(mask[b * sequence + s]) === 0) continue;
      const at = (b * sequence + s) * dims;
      for (let d = 0; d < dims; d++) sum[d]! += hidden[at + d]!;
    }
    // the count cancels out in the normalisation, so only the direction of the sum matters
    out.push(normalised(sum));
  }
  return out;
}

/**
 * The mean of the sequence positions [start, end) of one sequence, L2-normalised; a zero vector
 * when the range is empty (a token without sub-word pieces).
 */
export function poolRange(
  hidden: Float32Array,
  sequenceOffset: number,
  start: number,
  end: number,
  dims: number,
): Float32Array {
  const sum = new Float64Array(dims);
  for (let s = start; s < end; s++) {
    const at = (sequenceOffset + s) * dims;
    for (let d = 0; d < dims; d++) sum[d]! += hidden[at + d]!;
  }
  return normalised(sum);
}

export function normalised(v: ArrayLike<number>): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i]! * v[i]!;
  const out = new Float32Array(v.length);
  if (sq === 0) return out;
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * inv;
  return out;
}
