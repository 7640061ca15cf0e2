import { argmax, refinerySigmoid, sigmoid } from './math.js';
import { mulberry32 } from './random.js';

describe('refinerySigmoid', () => {
  it('matches refinery reference values σ(0.5)=0.622 and σ(0.9)=0.964', () => {
    expect(refinerySigmoid(0.5)).toBeCloseTo(0.622, 3);
    expect(refinerySigmoid(0.9)).toBeCloseTo(0.964, 3);
  });
  it('is 1/(1+exp(-7x+3)): 0.5 at x = 3/7', () => {
    expect(refinerySigmoid(3 / 7)).toBeCloseTo(0.5, 12);
    expect(sigmoid(1, 7, 3)).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
  });
});

describe('argmax / mulberry32', () => {
  it('returns the first maximum', () => {
    expect(argmax([1, 3, 3, 2])).toBe(1);
  });
  it('is deterministic per seed and differs across seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
