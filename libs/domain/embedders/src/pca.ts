import { EmbedderError, EmbedderErrorCode, invalidOption } from './embedder-error.js';
import type { LinearOperator } from './linear-operator.js';
import { orthonormalizeColumns, symmetricEigen, transpose } from './linalg.js';
import { gaussian, mulberry32 } from './random.js';
import type { SparseMatrix } from './sparse-matrix.js';

export interface PcaOptions {
  /** output dimensions */
  readonly components: number;
  /** extra random directions beyond `components` (Halko et al.: 5–10 suffice); default 10 */
  readonly oversample?: number;
  /** extra subspace iterations, sharpen the spectrum for slowly decaying singular values; default 3 */
  readonly powerIterations?: number;
  /** seed of the random test matrix; same seed + same data = same components */
  readonly seed?: number;
}

/**
 * A fitted PCA: y = (x − mean) · loadings. Mean and loadings are Float32 (what gets stored), and
 * vectors of the fitted rows are computed from these rounded values, so a model restored from
 * storage reproduces them exactly.
 */
export interface PcaModel {
  readonly inputDims: number;
  readonly components: number;
  readonly mean: Float32Array;
  /** inputDims × components, row-major (one row per input dimension: fast sparse transforms) */
  readonly loadings: Float32Array;
  /** meanᵀ · loadings, subtracted after the sparse product */
  readonly offset: Float64Array;
  /** variance along each component (σ² / (n − 1)), descending */
  readonly explainedVariance: Float64Array;
  /** total variance of the input (sum of column variances) */
  readonly totalVariance: number;
}

/** Rebuilds a model from its stored parts (validates the shapes). */
export function pcaModelFrom(parts: {
  inputDims: number;
  components: number;
  mean: Float32Array;
  loadings: Float32Array;
  explainedVariance?: Float64Array;
  totalVariance?: number;
}): PcaModel {
  const { inputDims: d, components: k, mean, loadings } = parts;
  if (mean.length !== d || loadings.length !== d * k) {
    throw new EmbedderError(
      EmbedderErrorCode.DimensionMismatch,
      `PCA state has mean of ${mean.length} and loadings of ${loadings.length} values, expected ${d} and ${d * k}`,
    );
  }
  const offset = new Float64Array(k);
  for (let j = 0; j < d; j++) {
    const m = mean[j]!;
    if (m !== 0) for (let c = 0; c < k; c++) offset[c]! += m * loadings[j * k + c]!;
  }
  return {
    inputDims: d,
    components: k,
    mean,
    loadings,
    offset,
    explainedVariance: parts.explainedVariance ?? new Float64Array(k),
    totalVariance: parts.totalVariance ?? 0,
  };
}

export const PCA_DEFAULTS = { oversample: 10, powerIterations: 3, seed: 42 } as const;

function checkInt(field: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw invalidOption(field, `must be an integer ≥ ${min}, got ${v}`);
}

/**
 * Randomized PCA (Halko, Martinsson & Tropp 2011: a seeded Gaussian start, orthonormalised
 * subspace iteration, Rayleigh–Ritz) on the implicitly centred matrix A − 1·meanᵀ: only products
 * of A with thin dense blocks are formed, so a sparse tf-idf matrix is never densified. The
 * l × l problem (l = components + oversample) is solved exactly with Jacobi. When l reaches
 * min(n, d) the result is exact PCA. Signs follow scikit-learn's rule (largest-magnitude loading
 * of each component positive) so results are deterministic.
 */
export function fitPca(a: LinearOperator, options: PcaOptions): PcaModel {
  const k = options.components;
  const oversample = options.oversample ?? PCA_DEFAULTS.oversample;
  const iterations = options.powerIterations ?? PCA_DEFAULTS.powerIterations;
  checkInt('components', k, 1);
  checkInt('oversample', oversample, 0);
  checkInt('powerIterations', iterations, 0);
  const { nRows: n, nCols: d } = a;
  if (k > Math.min(n, d)) {
    throw new EmbedderError(
      EmbedderErrorCode.InvalidInput,
      `PCA to ${k} components needs at least ${k} rows and ${k} columns, got ${n} × ${d}`,
    );
  }
  const l = Math.min(k + oversample, n, d);
  const mean = a.columnMeans();
  const normal = gaussian(mulberry32(options.seed ?? PCA_DEFAULTS.seed));

  // A·B for centred A: A·B − 1·(meanᵀB)
  const centredTimes = (b: Float64Array): Float64Array => {
    const y = a.times(b, l);
    const shift = new Float64Array(l);
    for (let j = 0; j < d; j++) {
      const m = mean[j]!;
      if (m !== 0) for (let c = 0; c < l; c++) shift[c]! += m * b[j * l + c]!;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < l; c++) y[i * l + c]! -= shift[c]!;
    return y;
  };
  // Aᵀ·Q for centred A: AᵀQ − mean·(1ᵀQ)
  const centredTransposeTimes = (q: Float64Array): Float64Array => {
    const z = a.transposeTimes(q, l);
    const colSum = new Float64Array(l);
    for (let i = 0; i < n; i++) for (let c = 0; c < l; c++) colSum[c]! += q[i * l + c]!;
    for (let j = 0; j < d; j++) {
      const m = mean[j]!;
      if (m !== 0) for (let c = 0; c < l; c++) z[j * l + c]! -= m * colSum[c]!;
    }
    return z;
  };
  // orthonormalise a row-major rows × l block (Gram–Schmidt runs on columns)
  const orth = (x: Float64Array, rows: number, passes: number): Float64Array => {
    const cm = transpose(x, rows, l);
    orthonormalizeColumns(cm, rows, l, passes);
    return transpose(cm, l, rows, x);
  };

  // Subspace iteration on the Gram matrix of the smaller side (AᵀA when d ≤ n, else AAᵀ), so
  // Gram–Schmidt — the dominant cost — runs on the shorter vectors; then Rayleigh–Ritz.
  const small = d <= n ? d : n;
  let basis: Float64Array = Float64Array.from({ length: small * l }, normal);
  basis = orth(basis, small, 1);
  for (let it = 0; it <= iterations; it++) {
    basis =
      d <= n
        ? centredTransposeTimes(centredTimes(basis))
        : centredTimes(centredTransposeTimes(basis));
    // intermediate bases only need to stay well conditioned; the last one must be orthonormal
    basis = orth(basis, small, it === iterations ? 2 : 1);
  }
  // W = A·Z (d ≤ n) or Z = Aᵀ·Q (n < d): its Gram matrix holds σ² of the projected problem.
  const w = d <= n ? centredTimes(basis) : centredTransposeTimes(basis);
  const wRows = d <= n ? n : d;
  const gram = new Float64Array(l * l);
  for (let j = 0; j < wRows; j++) {
    const o = j * l;
    for (let r = 0; r < l; r++) {
      const wr = w[o + r]!;
      if (wr === 0) continue;
      for (let c = r; c < l; c++) gram[r * l + c]! += wr * w[o + c]!;
    }
  }
  for (let r = 0; r < l; r++) for (let c = 0; c < r; c++) gram[r * l + c] = gram[c * l + r]!;
  const eig = symmetricEigen(gram, l);

  // right singular vectors: V[:, c] = Z·U[:, c] (d ≤ n: Z is orthonormal already) or Aᵀ·Q·U[:, c] / σ_c
  const z = d <= n ? basis : w;
  const loadings = new Float32Array(d * k);
  const explainedVariance = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const s2 = Math.max(0, eig.values[c]!);
    const sigma = Math.sqrt(s2);
    explainedVariance[c] = n > 1 ? s2 / (n - 1) : 0;
    if (sigma <= 1e-12) continue; // no variance left: a zero component
    const u = Float64Array.from({ length: l }, (_, r) => eig.vectors[r * l + c]!);
    const column = new Float64Array(d);
    let best = 0;
    let sq = 0;
    for (let j = 0; j < d; j++) {
      let v = 0;
      const o = j * l;
      for (let r = 0; r < l; r++) v += z[o + r]! * u[r]!;
      column[j] = v;
      sq += v * v;
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    const scale = (best < 0 ? -1 : 1) / Math.sqrt(sq);
    for (let j = 0; j < d; j++) loadings[j * k + c] = column[j]! * scale;
  }
  let meanSq = 0;
  for (let j = 0; j < d; j++) meanSq += mean[j]! * mean[j]!;
  const totalVariance = n > 1 ? (a.sumOfSquares() - n * meanSq) / (n - 1) : 0;
  return pcaModelFrom({
    inputDims: d,
    components: k,
    mean: Float32Array.from(mean),
    loadings,
    explainedVariance,
    totalVariance,
  });
}

function checkDims(model: PcaModel, d: number): void {
  if (d !== model.inputDims) {
    throw new EmbedderError(
      EmbedderErrorCode.DimensionMismatch,
      `PCA was fitted on ${model.inputDims} dimensions, input has ${d}`,
    );
  }
}

/** Projects sparse rows: n × components, row-major Float32. */
export function pcaTransformSparse(model: PcaModel, m: SparseMatrix): Float32Array {
  checkDims(model, m.nCols);
  const k = model.components;
  const out = new Float32Array(m.nRows * k);
  const acc = new Float64Array(k);
  for (let i = 0; i < m.nRows; i++) {
    for (let c = 0; c < k; c++) acc[c] = -model.offset[c]!;
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) {
      const v = m.data[p]!;
      const o = m.indices[p]! * k;
      for (let c = 0; c < k; c++) acc[c]! += v * model.loadings[o + c]!;
    }
    out.set(acc, i * k);
  }
  return out;
}

/** Projects dense rows (n × inputDims, row-major): n × components, row-major Float32. */
export function pcaTransformDense(model: PcaModel, x: Float32Array, n: number): Float32Array {
  const d = model.inputDims;
  if (x.length !== n * d) {
    throw new EmbedderError(
      EmbedderErrorCode.DimensionMismatch,
      `expected ${n} × ${d} = ${n * d} values, got ${x.length}`,
    );
  }
  const k = model.components;
  const out = new Float32Array(n * k);
  const acc = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) acc[c] = -model.offset[c]!;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (v === 0) continue;
      const o = j * k;
      for (let c = 0; c < k; c++) acc[c]! += v * model.loadings[o + c]!;
    }
    out.set(acc, i * k);
  }
  return out;
}
