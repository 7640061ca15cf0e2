import { denseOperator, sparseOperator } from './linear-operator.js';
import { symmetricEigen } from './linalg.js';
import { fitPca, pcaModelFrom, pcaTransformDense, pcaTransformSparse } from './pca.js';
import { gaussian, mulberry32 } from './random.js';
import { sparseFromRows } from './sparse-matrix.js';

/** Exact covariance eigenvalues (descending) of a dense row-major n × d matrix. */
function exactVariances(x: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++)
        cov[a * d + b]! += ((x[i * d + a]! - mean[a]!) * (x[i * d + b]! - mean[b]!)) / (n - 1);
  return symmetricEigen(cov, d).values;
}

/** Rank-r signal with decaying scales plus small noise, n × d. */
function lowRank(n: number, d: number, r: number, seed: number): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const u = Array.from({ length: n * r }, normal);
  const v = Array.from({ length: r * d }, normal);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      let s = 0.01 * normal();
      for (let c = 0; c < r; c++) s += (u[i * r + c]! * v[c * d + j]!) / (c + 1);
      x[i * d + j] = s + 1; // a non-zero mean that PCA must remove
    }
  return x;
}

describe('fitPca', () => {
  it('finds the axes of a known 2-D set: variances 8/3 and 2/3, projections the points themselves', () => {
    const x = Float32Array.from([2, 0, 0, 1, -2, 0, 0, -1]);
    const model = fitPca(denseOperator(x, 4, 2), { components: 2 });
    expect(model.explainedVariance[0]).toBeCloseTo(8 / 3, 10);
    expect(model.explainedVariance[1]).toBeCloseTo(2 / 3, 10);
    expect(model.totalVariance).toBeCloseTo(10 / 3, 10);
    // sign rule: the largest loading of each component is positive -> identity axes
    expect(Array.from(model.loadings)).toEqual([1, 0, 0, 1].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(pcaTransformDense(model, x, 4))).toEqual(
      [2, 0, 0, 1, -2, 0, 0, -1].map((v) => expect.closeTo(v, 5)),
    );
  });

  it('removes the mean: points on a shifted line project onto one component', () => {
    // (1, 1) + t·(3, 4)/5 for t = −1, 0, 1
    const x = Float32Array.from([0.4, 0.2, 1, 1, 1.6, 1.8]);
    const model = fitPca(denseOperator(x, 3, 2), { components: 1 });
    expect(model.explainedVariance[0]).toBeCloseTo(1, 5);
    expect(model.loadings[0]).toBeCloseTo(0.6, 5);
    expect(model.loadings[1]).toBeCloseTo(0.8, 5);
    expect(Array.from(pcaTransformDense(model, x, 3))).toEqual(
      [-1, 0, 1].map((v) => expect.closeTo(v, 5)),
    );
  });

  it.each([
    ['tall (d ≤ n)', 200, 40],
    ['wide (n < d)', 40, 200],
  ])('matches exact PCA on a %s low-rank matrix', (_, n, d) => {
    const x = lowRank(n, d, 5, 9);
    const exact = exactVariances(x, n, d);
    const model = fitPca(denseOperator(x, n, d), { components: 5 });
    for (let c = 0; c < 5; c++) expect(model.explainedVariance[c]! / exact[c]!).toBeCloseTo(1, 4);
  });

  it('gives the same model on sparse and dense input and is deterministic for a seed', () => {
    const rand = mulberry32(5);
    const rows = Array.from({ length: 60 }, () => {
      const m = new Map<number, number>();
      for (let t = 0; t < 4; t++) m.set(Math.floor(rand() * 30), 1 + Math.floor(rand() * 3));
      return m;
    });
    const sparse = sparseFromRows(rows, 30);
    const dense = new Float32Array(60 * 30);
    rows.forEach((r, i) => r.forEach((v, j) => (dense[i * 30 + j] = v)));
    const a = fitPca(sparseOperator(sparse), { components: 8, seed: 1 });
    const b = fitPca(denseOperator(dense, 60, 30), { components: 8, seed: 1 });
    const c = fitPca(sparseOperator(sparse), { components: 8, seed: 1 });
    expect(Array.from(a.loadings)).toEqual(Array.from(c.loadings));
    a.loadings.forEach((v, i) => expect(v).toBeCloseTo(b.loadings[i]!, 4));
    const ya = pcaTransformSparse(a, sparse);
    const yb = pcaTransformDense(a, dense, 60);
    ya.forEach((v, i) => expect(v).toBeCloseTo(yb[i]!, 4));
    // restored from its stored parts, the model projects identically
    const restored = pcaModelFrom({
      inputDims: 30,
      components: 8,
      mean: a.mean,
      loadings: a.loadings,
    });
    expect(pcaTransformSparse(restored, sparse)).toEqual(ya);
  });

  it('keeps zero components for rank-deficient data', () => {
    const x = Float32Array.from([1, 1, 2, 2, 3, 3, 4, 4]); // rank 1 after centring
    const model = fitPca(denseOperator(x, 4, 2), { components: 2 });
    expect(model.explainedVariance[1]).toBeCloseTo(0, 10);
    expect(Array.from(pcaTransformDense(model, x, 4)).filter((_, i) => i % 2 === 1)).toEqual(
      [0, 0, 0, 0].map(() => expect.closeTo(0, 5)),
    );
  });

  it('rejects bad options and mismatched input', () => {
    const x = new Float32Array(12);
    expect(() => fitPca(denseOperator(x, 4, 3), { components: 4 })).toThrow(
      /needs at least 4 rows and 4 columns, got 4 × 3/,
    );
    expect(() => fitPca(denseOperator(x, 4, 3), { components: 0 })).toThrow(/option "components"/);
    expect(() => fitPca(denseOperator(x, 4, 3), { components: 2, powerIterations: -1 })).toThrow(
      /option "powerIterations"/,
    );
    const model = fitPca(denseOperator(Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), 3, 3), {
      components: 2,
    });
    expect(() => pcaTransformDense(model, new Float32Array(4), 2)).toThrow(
      /expected 2 × 3 = 6 values, got 4/,
    );
    expect(() => pcaTransformSparse(model, sparseFromRows([new Map([[0, 1]])], 5))).toThrow(
      /fitted on 3 dimensions, input has 5/,
    );
    expect(() =>
      pcaModelFrom({
        inputDims: 3,
        components: 2,
        mean: new Float32Array(3),
        loadings: new Float32Array(5),
      }),
    ).toThrow(/expected 3 and 6/);
  });
});
