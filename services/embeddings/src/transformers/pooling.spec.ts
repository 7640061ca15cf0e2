import { meanPoolNormalised, normalised, poolRange } from './pooling.js';

describe('meanPoolNormalised', () => {
  // batch 2 × sequence 3 × dims 2
  const hidden = Float32Array.of(1, 0, 3, 4, 100, 100, 0, 2, 0, 0, 0, 0);

  it('averages the unmasked positions and normalises', () => {
    const [first, second] = meanPoolNormalised(
      hidden,
      BigInt64Array.of(1n, 1n, 0n, 1n, 0n, 0n),
      2,
      3,
      2,
    );
    // (1,0)+(3,4) = (4,4) -> (0.7071, 0.7071); padding (100,100) ignored
    expect(Array.from(first!)).toEqual([Math.SQRT1_2, Math.SQRT1_2].map(Math.fround));
    expect(Array.from(second!)).toEqual([0, 1]);
  });

  it('gives a zero vector for a fully masked row', () => {
    const [, second] = meanPoolNormalised(hidden, [1, 1, 1, 0, 0, 0], 2, 3, 2);
    expect(Array.from(second!)).toEqual([0, 0]);
  });

  it('refuses shapes that do not match', () => {
    expect(() => meanPoolNormalised(hidden, [1, 1, 1, 1, 1, 1], 2, 3, 3)).toThrow(
      'hidden state has 12 values, expected 2×3×3',
    );
    expect(() => meanPoolNormalised(hidden, [1, 1, 1], 2, 3, 2)).toThrow(
      'attention mask has 3 values, expected 2×3',
    );
  });
});

describe('poolRange', () => {
  const hidden = Float32Array.of(0, 0, 3, 0, 0, 4, 9, 9);

  it('averages positions [start, end) of one sequence', () => {
    // sequence starts at position 1: positions 1..2 -> (3,0)+(0,4) = (3,4) -> (0.6, 0.8)
    expect(Array.from(poolRange(hidden, 1, 0, 2, 2))).toEqual([0.6, 0.8].map(Math.fround));
  });

  it('gives a zero vector for an empty range', () => {
    expect(Array.from(poolRange(hidden, 0, 2, 2, 2))).toEqual([0, 0]);
  });
});

describe('normalised', () => {
  it('scales to unit length and leaves zero vectors at zero', () => {
    expect(Array.from(normalised([3, 4]))).toEqual([0.6, 0.8].map(Math.fround));
    expect(Array.from(normalised([0, 0, 0]))).toEqual([0, 0, 0]);
  });
});
