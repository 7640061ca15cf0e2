import { labelMatrixFromDense } from './matrix.js';
import { mulberry32 } from './random.js';
import { heuristicStatistics } from './statistics.js';

// r0: h0→0 h1→0 | r1: h0→0 h1→1 | r2: h0→1 | r3: h1→1 h2→0 | r4: none
const matrix = labelMatrixFromDense(
  [
    [0, 0, -1],
    [0, 1, -1],
    [1, -1, -1],
    [-1, 1, 0],
    [-1, -1, -1],
  ],
  2,
);
const reference = new Map([
  [0, 0],
  [1, 1],
  [3, 1],
]);
const find = (s: ReturnType<typeof heuristicStatistics>, h: number, l: number) => s.find((x) => x.heuristic === h && x.label === l)!;

describe('heuristicStatistics', () => {
  const stats = heuristicStatistics(matrix, { reference });
  it('counts coverage, overlaps and conflicts (hand-computed)', () => {
    expect(find(stats, 0, 0)).toMatchObject({ coverage: 2, hits: 2, overlaps: 2, conflicts: 1 });
    expect(find(stats, 0, 1)).toMatchObject({ coverage: 1, overlaps: 0, conflicts: 0 });
    expect(find(stats, 1, 1)).toMatchObject({ coverage: 2, overlaps: 2, conflicts: 2 });
    expect(find(stats, 2, 0)).toMatchObject({ coverage: 1, overlaps: 1, conflicts: 1 });
  });
  it('computes precision with support and recall against the reference labels', () => {
    expect(find(stats, 0, 0)).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, support: 2, precision: 0.5, recall: 1 });
    expect(find(stats, 1, 1)).toMatchObject({ truePositives: 2, support: 2, precision: 1, recall: 1 });
    expect(find(stats, 0, 1)).toMatchObject({ support: 0, precision: null, recall: 0, falseNegatives: 2 });
  });
  it('uses a Beta prior (pooled precision 5/8, strength 2) instead of a silent 0', () => {
    // pooled: TP 4 of 6 supported votes → (4+1)/(6+2) = 0.625
    expect(find(stats, 0, 1).estimatedPrecision).toBeCloseTo(0.625, 12);
    expect(find(stats, 1, 1).estimatedPrecision).toBeCloseTo((2 + 1.25) / 4, 12);
    const noRefs = heuristicStatistics(matrix);
    expect(find(noRefs, 0, 0).precision).toBeNull();
    expect(find(noRefs, 0, 0).estimatedPrecision).toBeCloseTo(0.8, 12);
  });
  it('excludes given records from a heuristic’s support', () => {
    const s = heuristicStatistics(matrix, { reference, excludeFromSupport: [undefined, new Set([1])] });
    expect(find(s, 1, 1)).toMatchObject({ truePositives: 1, support: 1, falseNegatives: 0, recall: 1 });
    expect(find(s, 0, 0)).toMatchObject({ support: 2 });
  });
  it('never reports more conflicts than overlaps or overlaps than coverage', () => {
    const rand = mulberry32(3);
    const rows = Array.from({ length: 300 }, () => Array.from({ length: 6 }, () => (rand() < 0.4 ? Math.floor(rand() * 3) : -1)));
    for (const s of heuristicStatistics(labelMatrixFromDense(rows, 3))) {
      expect(s.conflicts).toBeLessThanOrEqual(s.overlaps);
      expect(s.overlaps).toBeLessThanOrEqual(s.coverage);
    }
  });
});
