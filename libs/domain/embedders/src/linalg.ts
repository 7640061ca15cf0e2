// Small dense linear-algebra kernels for the randomized PCA (Float64, plain loops).

/** Row-major rows × cols -> row-major cols × rows. */
export function transpose(
  src: Float64Array,
  rows: number,
  cols: number,
  out: Float64Array = new Float64Array(rows * cols),
): Float64Array {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = src[o + j]!;
  }
  return out;
}

/**
 * Modified Gram–Schmidt, in place, on `cols` contiguous columns of length `len` (column-major,
 * so every dot product streams one column). A column that loses most of its norm is
 * orthogonalised a second time ("twice is enough"; `maxPasses` 1 skips that where a merely
 * well-conditioned basis suffices); a column with no norm left (rank deficiency) becomes zero,
 * which later shows up as a zero singular value instead of noise.
 */
export function orthonormalizeColumns(
  q: Float64Array,
  len: number,
  cols: number,
  maxPasses = 2,
): void {
  for (let j = 0; j < cols; j++) {
    const oj = j * len;
    let before = 0;
    for (let t = 0; t < len; t++) before += q[oj + t]! * q[oj + t]!;
    let after = before;
    for (let pass = 0; pass < maxPasses && after > 0; pass++) {
      for (let i = 0; i < j; i++) {
        const oi = i * len;
        let dot = 0;
        for (let t = 0; t < len; t++) dot += q[oi + t]! * q[oj + t]!;
        if (dot === 0) continue;
        for (let t = 0; t < len; t++) q[oj + t]! -= dot * q[oi + t]!;
      }
      const prev = after;
      after = 0;
      for (let t = 0; t < len; t++) after += q[oj + t]! * q[oj + t]!;
      if (after > 0.5 * prev) break; // little cancellation: one pass was accurate
    }
    if (!(after > 1e-20 * before) || after === 0) {
      q.fill(0, oj, oj + len);
      continue;
    }
    const inv = 1 / Math.sqrt(after);
    for (let t = 0; t < len; t++) q[oj + t]! *= inv;
  }
}

export interface SymmetricEigen {
  /** eigenvalues, descending */
  readonly values: Float64Array;
  /** eigenvectors as columns of a row-major size × size matrix, in the order of `values` */
  readonly vectors: Float64Array;
}

/** Cyclic Jacobi eigen-decomposition of a symmetric row-major matrix (meant for size ≤ ~200). */
export function symmetricEigen(matrix: Float64Array, size: number, maxSweeps = 60): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < size; p++) {
      diag += a[p * size + p]! * a[p * size + p]!;
      for (let r = p + 1; r < size; r++) off += a[p * size + r]! * a[p * size + r]!;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < size - 1; p++) {
      for (let r = p + 1; r < size; r++) {
        const apr = a[p * size + r]!;
        if (apr === 0) continue;
        const app = a[p * size + p]!;
        const arr = a[r * size + r]!;
        const theta = (arr - app) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akr = a[k * size + r]!;
          a[k * size + p] = c * akp - s * akr;
          a[k * size + r] = s * akp + c * akr;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const ark = a[r * size + k]!;
          a[p * size + k] = c * apk - s * ark;
          a[r * size + k] = s * apk + c * ark;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkr = v[k * size + r]!;
          v[k * size + p] = c * vkp - s * vkr;
          v[k * size + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort(
    (x, y) => a[y * size + y]! - a[x * size + x]! || x - y,
  );
  const values = Float64Array.from(order, (i) => a[i * size + i]!);
  const vectors = new Float64Array(size * size);
  order.forEach((src, dst) => {
    for (let k = 0; k < size; k++) vectors[k * size + dst] = v[k * size + src]!;
  });
  return { values, vectors };
}
