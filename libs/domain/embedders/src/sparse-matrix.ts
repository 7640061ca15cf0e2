/**
 * Compressed sparse rows: row i holds the columns `indices[indptr[i] .. indptr[i+1])` with the
 * values at the same positions in `data`. Columns are sorted within a row.
 */
export interface SparseMatrix {
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
}

/** Builds a CSR matrix from rows of (column -> value) maps; zero values are dropped. */
export function sparseFromRows(
  rows: readonly ReadonlyMap<number, number>[],
  nCols: number,
): SparseMatrix {
  let nnz = 0;
  for (const r of rows) nnz += r.size;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let k = 0;
  rows.forEach((row, i) => {
    const cols = [...row.keys()].sort((a, b) => a - b);
    for (const c of cols) {
      const v = row.get(c)!;
      if (v === 0) continue;
      indices[k] = c;
      data[k] = v;
      k++;
    }
    indptr[i + 1] = k;
  });
  return {
    nRows: rows.length,
    nCols,
    indptr,
    indices: indices.subarray(0, k),
    data: data.subarray(0, k),
  };
}

/** Dense row-major copy (tests and tiny projects only: n × d floats). */
export function sparseToDense(m: SparseMatrix): Float32Array {
  const out = new Float32Array(m.nRows * m.nCols);
  for (let i = 0; i < m.nRows; i++)
    for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++)
      out[i * m.nCols + m.indices[k]!] = m.data[k]!;
  return out;
}

/** out (nRows × l, row-major) = M · B where B is nCols × l row-major. */
export function sparseTimesDense(
  m: SparseMatrix,
  b: Float64Array,
  l: number,
  out: Float64Array = new Float64Array(m.nRows * l),
): Float64Array {
  const { indptr, indices, data } = m;
  out.fill(0);
  for (let i = 0; i < m.nRows; i++) {
    const o = i * l;
    const end = indptr[i + 1]!;
    for (let k = indptr[i]!; k < end; k++) {
      const v = data[k]!;
      const bo = indices[k]! * l;
      for (let c = 0; c < l; c++) out[o + c] = out[o + c]! + v * b[bo + c]!;
    }
  }
  return out;
}

/** out (nCols × l, row-major) = Mᵀ · Q where Q is nRows × l row-major. */
export function sparseTransposeTimesDense(
  m: SparseMatrix,
  q: Float64Array,
  l: number,
  out: Float64Array = new Float64Array(m.nCols * l),
): Float64Array {
  const { indptr, indices, data } = m;
  out.fill(0);
  for (let i = 0; i < m.nRows; i++) {
    const qo = i * l;
    const end = indptr[i + 1]!;
    for (let k = indptr[i]!; k < end; k++) {
      const v = data[k]!;
      const o = indices[k]! * l;
      for (let c = 0; c < l; c++) out[o + c] = out[o + c]! + v * q[qo + c]!;
    }
  }
  return out;
}
