import { type SparseMatrix, sparseTimesDense, sparseTransposeTimesDense } from './sparse-matrix.js';

/**
 * A data matrix seen only through products with thin dense matrices, so the randomized PCA never
 * densifies a sparse tf-idf matrix. Dense blocks are row-major Float64Array.
 */
export interface LinearOperator {
  readonly nRows: number;
  readonly nCols: number;
  /** (nRows × l) = A · B, B is nCols × l */
  times(b: Float64Array, l: number): Float64Array;
  /** (nCols × l) = Aᵀ · Q, Q is nRows × l */
  transposeTimes(q: Float64Array, l: number): Float64Array;
  /** per-column means */
  columnMeans(): Float64Array;
  /** sum of squared entries (for the total variance) */
  sumOfSquares(): number;
}

export function sparseOperator(m: SparseMatrix): LinearOperator {
  return {
    nRows: m.nRows,
    nCols: m.nCols,
    times: (b, l) => sparseTimesDense(m, b, l),
    transposeTimes: (q, l) => sparseTransposeTimesDense(m, q, l),
    columnMeans: () => {
      const mean = new Float64Array(m.nCols);
      for (let k = 0; k < m.indices.length; k++) mean[m.indices[k]!]! += m.data[k]!;
      if (m.nRows > 0) for (let j = 0; j < m.nCols; j++) mean[j]! /= m.nRows;
      return mean;
    },
    sumOfSquares: () => m.data.reduce((s, v) => s + v * v, 0),
  };
}

/** A dense row-major n × d Float32Array (e.g. transformer vectors before reduction). */
export function denseOperator(x: Float32Array, nRows: number, nCols: number): LinearOperator {
  return {
    nRows,
    nCols,
    times: (b, l) => {
      const out = new Float64Array(nRows * l);
      for (let i = 0; i < nRows; i++) {
        const o = i * l;
        for (let j = 0; j < nCols; j++) {
          const v = x[i * nCols + j]!;
          if (v === 0) continue;
          const bo = j * l;
          for (let c = 0; c < l; c++) out[o + c]! += v * b[bo + c]!;
        }
      }
      return out;
    },
    transposeTimes: (q, l) => {
      const out = new Float64Array(nCols * l);
      for (let i = 0; i < nRows; i++) {
        const qo = i * l;
        for (let j = 0; j < nCols; j++) {
          const v = x[i * nCols + j]!;
          if (v === 0) continue;
          const o = j * l;
          for (let c = 0; c < l; c++) out[o + c]! += v * q[qo + c]!;
        }
      }
      return out;
    },
    columnMeans: () => {
      const mean = new Float64Array(nCols);
      for (let i = 0; i < nRows; i++) for (let j = 0; j < nCols; j++) mean[j]! += x[i * nCols + j]!;
      if (nRows > 0) for (let j = 0; j < nCols; j++) mean[j]! /= nRows;
      return mean;
    },
    sumOfSquares: () => x.reduce((s, v) => s + v * v, 0),
  };
}
