import { orthonormalizeColumns, symmetricEigen, transpose } from './linalg.js';
import { mulberry32 } from './random.js';

describe('symmetricEigen', () => {
  it('solves [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0]! * vectors[2]!).toBeCloseTo(0.5, 12); // same sign: (1, 1) direction
    expect(vectors[1]! * vectors[3]!).toBeCloseTo(-0.5, 12);
  });

  it('reconstructs a random symmetric matrix (A·v = λ·v)', () => {
    const rand = mulberry32(3);
    const n = 12;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rand() - 0.5;
    const { values, vectors } = symmetricEigen(a, n);
    for (let c = 0; c < n; c++) {
      if (c > 0) expect(values[c]!).toBeLessThanOrEqual(values[c - 1]!);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[j * n + c]!;
        expect(av).toBeCloseTo(values[c]! * vectors[i * n + c]!, 10);
      }
    }
  });
});

describe('orthonormalizeColumns', () => {
  it('makes columns orthonormal and zeroes a linearly dependent one', () => {
    // column-major 3 columns of length 4; column 2 = column 0 + column 1
    const q = Float64Array.from([1, 2, 0, 1, 0, 1, 3, 1, 1, 3, 3, 2]);
    orthonormalizeColumns(q, 4, 3);
    const col = (c: number): Float64Array => q.subarray(c * 4, c * 4 + 4);
    const dot = (a: Float64Array, b: Float64Array): number =>
      a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(col(0), col(0))).toBeCloseTo(1, 12);
    expect(dot(col(1), col(1))).toBeCloseTo(1, 12);
    expect(dot(col(0), col(1))).toBeCloseTo(0, 12);
    expect(Array.from(col(2))).toEqual([0, 0, 0, 0]);
  });

  it('transposes row-major blocks', () => {
    expect(Array.from(transpose(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
  });
});
