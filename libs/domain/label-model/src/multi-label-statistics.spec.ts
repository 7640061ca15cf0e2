import type { MultiLabelVote } from './multi-label.js';
import { multiLabelStatistics } from './multi-label-statistics.js';

// labels: 0 sports, 1 politics, 2 tech
// r0: h0 {0,1}, h1 {0}      | r1: h0 {1}, h1 {2}      | r2: h1 {2}     | r3: none
const votes: MultiLabelVote[] = [
  { record: 0, heuristic: 0, label: 0 },
  { record: 0, heuristic: 0, label: 1 },
  { record: 0, heuristic: 1, label: 0 },
  { record: 1, heuristic: 0, label: 1 },
  { record: 1, heuristic: 1, label: 2 },
  { record: 2, heuristic: 1, label: 2 },
];
// annotated: r0 {0}, r1 {1, 2}, r3 {} (none applies)
const reference = new Map<number, number[]>([
  [0, [0]],
  [1, [1, 2]],
  [3, []],
]);
const stats = multiLabelStatistics(4, 2, 3, votes, { reference });
const find = (h: number, l: number) => stats.find((s) => s.heuristic === h && s.label === l);

describe('multiLabelStatistics', () => {
  it('counts coverage, overlaps and conflicts per label (hand-computed)', () => {
    // h0/politics on r0 (h1 fires without politics → conflict) and r1 (h1 says tech only → conflict)
    expect(find(0, 1)).toMatchObject({ coverage: 2, hits: 2, overlaps: 2, conflicts: 2 });
    // h0/sports on r0: h1 also says sports → overlap without conflict
    expect(find(0, 0)).toMatchObject({ coverage: 1, overlaps: 1, conflicts: 0 });
    // h1/tech on r1 (h0 fires, no tech → conflict) and r2 (alone)
    expect(find(1, 2)).toMatchObject({ coverage: 2, overlaps: 1, conflicts: 1 });
    expect(find(1, 1)).toBeUndefined();
  });
  it('scores precision and recall against the annotated label sets', () => {
    // h0/politics: r0 FP (r0 is sports only), r1 TP; politics is in r1's set only → FN 0
    expect(find(0, 1)).toMatchObject({ truePositives: 1, falsePositives: 1, support: 2, precision: 0.5, falseNegatives: 0, recall: 1 });
    // h1/tech: r1 TP, r2 not annotated
    expect(find(1, 2)).toMatchObject({ truePositives: 1, falsePositives: 0, support: 1, precision: 1, recall: 1 });
    // pooled prior: TP 4 of 5 supported votes (r0: h0 sports ✓ politics ✗, h1 sports ✓; r1: h0 ✓, h1 ✓)
    // → (4+1)/(5+2) = 5/7, strength 2
    expect(find(0, 1)?.estimatedPrecision).toBeCloseTo((1 + 2 * (5 / 7)) / 4, 12);
  });
  it('drops excluded records from a heuristic’s support and recall', () => {
    const s = multiLabelStatistics(4, 2, 3, votes, { reference, excludeFromSupport: [new Set([1])] });
    expect(s.find((x) => x.heuristic === 0 && x.label === 1)).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 0, recall: null });
  });
  it('names votes and references out of range', () => {
    expect(() => multiLabelStatistics(1, 1, 1, [{ record: 0, heuristic: 0, label: 3 }])).toThrow('vote out of range');
    expect(() => multiLabelStatistics(1, 1, 1, [], { reference: new Map([[0, [2]]]) })).toThrow('reference label 2 out of range');
  });
});
