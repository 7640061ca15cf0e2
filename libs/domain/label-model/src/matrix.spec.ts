import { labelMatrixFromDense, labelMatrixFromVotes, nnz, referenceArray } from './matrix.js';

describe('label matrix', () => {
  it('builds CSR rows from dense WRENCH-style rows (-1 = abstain)', () => {
    const m = labelMatrixFromDense(
      [
        [0, -1, 1],
        [-1, -1, -1],
        [-1, 2, -1],
      ],
      3,
    );
    expect(Array.from(m.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(m.heuristic)).toEqual([0, 2, 1]);
    expect(Array.from(m.vote)).toEqual([0, 1, 2]);
    expect(m.confidence).toBeNull();
    expect(nnz(m)).toBe(3);
  });
  it('sorts votes by record, keeps confidences and drops duplicate (record, heuristic) votes', () => {
    const m = labelMatrixFromVotes(2, 2, 2, [
      { record: 1, heuristic: 0, vote: 1, confidence: 0.5 },
      { record: 0, heuristic: 1, vote: 0 },
      { record: 1, heuristic: 0, vote: 0 },
    ]);
    expect(Array.from(m.indptr)).toEqual([0, 1, 2]);
    expect(Array.from(m.vote)).toEqual([0, 1]);
    expect(Array.from(m.confidence!)).toEqual([1, 0.5]);
  });
  it('rejects out-of-range votes and references', () => {
    expect(() => labelMatrixFromVotes(1, 1, 2, [{ record: 0, heuristic: 0, vote: 2 }])).toThrow(RangeError);
    expect(() => labelMatrixFromVotes(1, 1, 2, [{ record: 1, heuristic: 0, vote: 0 }])).toThrow(RangeError);
    expect(() => referenceArray(new Map([[0, 5]]), 1, 2)).toThrow(RangeError);
    expect(Array.from(referenceArray({ 1: 1 }, 3, 2))).toEqual([-1, 1, -1]);
  });
});
