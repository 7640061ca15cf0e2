import { samplePositions, seededRandom } from './record-sample.js';

describe('record samples', () => {
  it('draws n distinct positions inside the range', () => {
    const positions = samplePositions(1_000, 10, seededRandom(7));
    expect(new Set(positions).size).toBe(10);
    expect(positions.every((p) => p >= 0 && p < 1_000)).toBe(true);
  });

  it('repeats itself for the same seed and differs for another', () => {
    expect(samplePositions(32_000, 10, seededRandom(42))).toEqual(samplePositions(32_000, 10, seededRandom(42)));
    expect(samplePositions(32_000, 10, seededRandom(42))).not.toEqual(samplePositions(32_000, 10, seededRandom(43)));
  });

  it('takes every position when asked for more than there are', () => {
    expect(samplePositions(3, 10, seededRandom(1))).toEqual([0, 1, 2]);
    expect(samplePositions(0, 10, seededRandom(1))).toEqual([]);
  });
});
