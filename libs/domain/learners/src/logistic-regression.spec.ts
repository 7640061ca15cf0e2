import { LearnerErrorCode } from './learner-error.js';
import { LogisticRegression } from './logistic-regression.js';

// 1-D, linearly separable at x = 0
const X1 = Float32Array.from([-3, -2, -1, 1, 2, 3]);
const Y1 = Int32Array.from([0, 0, 0, 1, 1, 1]);

describe('LogisticRegression', () => {
  it('separates a linearly separable set with symmetric probabilities', () => {
    const lr = new LogisticRegression({ C: 10 }).fit(X1, 6, 1, Y1, 2);
    const p = lr.predictProba(Float32Array.from([-2, 0, 2]), 3);
    expect(p[1]!).toBeLessThan(0.2); // x = −2: class 1 unlikely
    expect(p[2]).toBeCloseTo(0.5, 3); // on the boundary
    expect(p[5]!).toBeGreaterThan(0.8);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
    const { intercepts } = lr.coefficients();
    expect(intercepts[0]).toBeCloseTo(0, 3); // symmetric data: boundary through 0
  });

  it('reaches the L2 optimum: the penalised gradient vanishes (hand-checked stationarity)', () => {
    const lr = new LogisticRegression({ C: 0.5, tol: 1e-8, maxIter: 500, standardize: false }).fit(
      X1,
      6,
      1,
      Y1,
      2,
    );
    const { weights, intercepts } = lr.coefficients();
    const w = weights[0]!;
    const b = intercepts[0]!;
    // d/dw [Σ (σ(w·x + b) − y)·x] / n + w / (C·n) = 0 and Σ (σ − y) = 0
    let gw = 0;
    let gb = 0;
    X1.forEach((x, i) => {
      const s = 1 / (1 + Math.exp(-(w * x + b)));
      gw += (s - Y1[i]!) * x;
      gb += s - Y1[i]!;
    });
    expect(gw / 6 + w / (0.5 * 6)).toBeCloseTo(0, 6);
    expect(gb / 6).toBeCloseTo(0, 6);
    // stronger regularisation shrinks the weight
    const strong = new LogisticRegression({ C: 0.01, standardize: false })
      .fit(X1, 6, 1, Y1, 2)
      .coefficients().weights[0]!;
    expect(Math.abs(strong)).toBeLessThan(Math.abs(w));
  });

  it('standardises features so C does not depend on their scale', () => {
    const tiny = X1.map((v) => v * 0.01);
    const pTiny = new LogisticRegression()
      .fit(tiny, 6, 1, Y1, 2)
      .predictProba(Float32Array.from([0.02]), 1);
    const pUnit = new LogisticRegression()
      .fit(X1, 6, 1, Y1, 2)
      .predictProba(Float32Array.from([2]), 1);
    expect(pTiny[1]).toBeCloseTo(pUnit[1]!, 4);
    // a constant column is ignored rather than dividing by zero
    const withConstant = new Float32Array(12).map((_, i) => (i % 2 ? 7 : X1[i >> 1]!));
    const p = new LogisticRegression()
      .fit(withConstant, 6, 2, Y1, 2)
      .predictProba(Float32Array.from([2, 7]), 1);
    expect(p[1]).toBeCloseTo(pUnit[1]!, 4);
    // without standardisation the tiny-scale features barely move off 0.5 at C = 1
    const raw = new LogisticRegression({ standardize: false })
      .fit(tiny, 6, 1, Y1, 2)
      .predictProba(Float32Array.from([0.02]), 1);
    expect(raw[1]!).toBeLessThan(0.51);
  });

  it('fits three classes with softmax: each blob is predicted as its class', () => {
    // blobs around (0, 3), (3, 0), (−3, −3)
    const centres = [
      [0, 3],
      [3, 0],
      [-3, -3],
    ];
    const x: number[] = [];
    const y: number[] = [];
    centres.forEach(([cx, cy], c) => {
      for (const [dx, dy] of [
        [0.3, 0],
        [-0.3, 0],
        [0, 0.3],
        [0, -0.3],
      ]) {
        x.push(cx! + dx!, cy! + dy!);
        y.push(c);
      }
    });
    const lr = new LogisticRegression({ C: 10 }).fit(
      Float32Array.from(x),
      12,
      2,
      Int32Array.from(y),
      3,
    );
    const p = lr.predictProba(Float32Array.from(centres.flat()), 3);
    for (let c = 0; c < 3; c++) {
      expect(p[c * 3 + c]!).toBeGreaterThan(0.9);
      expect(p[c * 3]! + p[c * 3 + 1]! + p[c * 3 + 2]!).toBeCloseTo(1, 5);
    }
  });

  it('rejects bad params, bad input and prediction before fit', () => {
    expect(() => new LogisticRegression({ C: 0 })).toThrow(
      /invalid logistic-regression params: .*C/,
    );
    expect(() => new LogisticRegression({ maxIter: 1.5 })).toThrow(/maxIter/);
    expect(() => new LogisticRegression({ penalty: 'l1' } as object)).toThrow(/penalty/);
    const lr = new LogisticRegression();
    expect(() => lr.predictProba(X1, 6)).toThrow(
      expect.objectContaining({ code: LearnerErrorCode.NotFitted }),
    );
    expect(() => lr.fit(X1, 5, 1, Y1, 2)).toThrow(/X has 6 values, expected n × d = 5 × 1 = 5/);
    expect(() => lr.fit(X1, 6, 1, Int32Array.from([0, 0, 0, 1, 1, 2]), 2)).toThrow(
      /y\[5\] = 2 is not a class index in \[0, 2\)/,
    );
    expect(() => lr.fit(Float32Array.from([0, NaN]), 2, 1, Int32Array.from([0, 1]), 2)).toThrow(
      /X row 1 has a non-finite value at column 0/,
    );
    expect(() => lr.fit(X1, 6, 1, Y1, 1)).toThrow(/classes must be an integer ≥ 2/);
    lr.fit(X1, 6, 1, Y1, 2);
    expect(() => lr.predictProba(new Float32Array(4), 2)).toThrow(/expected n × d = 2 × 1 = 2/);
  });
});
