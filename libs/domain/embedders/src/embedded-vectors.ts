/** Dense vectors of n records: one flat row-major buffer plus per-record views into it. */
export interface EmbeddedVectors {
  readonly n: number;
  readonly dims: number;
  /** n × dims, row-major */
  readonly matrix: Float32Array;
  /** record i's vector: a view of `matrix` (no copy) */
  readonly vectors: readonly Float32Array[];
}

export function embeddedVectors(matrix: Float32Array, n: number, dims: number): EmbeddedVectors {
  const vectors = Array.from({ length: n }, (_, i) => matrix.subarray(i * dims, (i + 1) * dims));
  return { n, dims, matrix, vectors };
}
