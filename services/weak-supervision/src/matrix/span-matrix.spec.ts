import { dataOf, rowOf, taskOf } from '../test-support/views.js';
import { charRange, selectSpanHeuristics, type SpanMatrix } from './span-matrix.js';

// "Berlin beats Paris" → Berlin [0,6) beats [7,12) Paris [13,18)
const tokens = { starts: [0, 7, 13], ends: [6, 12, 18] };

describe('span matrix', () => {
  it('maps inclusive token ranges back to characters', () => {
    expect(charRange(tokens, { start: 0, end: 0 })).toEqual({ start: 0, end: 6 });
    expect(charRange(tokens, { start: 1, end: 2 })).toEqual({ start: 7, end: 18 });
    expect(() => charRange(tokens, { start: 2, end: 3 })).toThrow(/token range \[2, 3\] is outside the record's 3 tokens/);
  });

  it('keeps only the chosen heuristics, renumbered', () => {
    const sm = dataOf(taskOf('EXTRACTION', ['city', 'verb']), [rowOf('r0', ['lookup|city#0-0', 'verbs|verb@0.7#1-1'])]) as SpanMatrix;
    const verbs = selectSpanHeuristics(sm, ['verbs']);
    expect(verbs.heuristicIds).toEqual(['verbs']);
    expect(verbs.spans).toEqual([{ record: 0, label: 1, start: 1, end: 1, confidence: 0.7, heuristic: 0 }]);
    expect(selectSpanHeuristics(sm, null)).toBe(sm);
  });
});
