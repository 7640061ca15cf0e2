import type { LabelAssociation } from '@refinery/contracts';
import { taskOf } from '../test-support/views.js';
import { charRange, selectSpanHeuristics, spanMatrix, tokenRange } from './span-matrix.js';

// "Berlin beats Paris" → Berlin [0,6) beats [7,12) Paris [13,18)
const tokens = { starts: [0, 7, 13], ends: [6, 12, 18] };

function heuristic(sourceId: string, labelId: string, start: number, end: number, source: LabelAssociation['source'] = 'HEURISTIC'): LabelAssociation {
  return { id: `${sourceId}-${start}`, recordId: 'r1', taskId: 't', labelId, source, userId: null, sourceId, confidence: 0.9, start, end, text: null, createdAt: '2026-01-01T00:00:00.000Z' };
}

describe('span matrix', () => {
  it('maps character ranges to inclusive token ranges and back', () => {
    expect(tokenRange(tokens, 0, 6)).toEqual({ start: 0, end: 0 });
    expect(tokenRange(tokens, 7, 18)).toEqual({ start: 1, end: 2 });
    expect(tokenRange(tokens, 6, 7)).toBeNull(); // whitespace only
    expect(charRange(tokens, { start: 1, end: 2 })).toEqual({ start: 7, end: 18 });
    expect(() => charRange(tokens, { start: 2, end: 3 })).toThrow('outside the record');
  });

  it('collects heuristic spans and reference spans per record in token units', () => {
    const task = taskOf('EXTRACTION', ['city', 'verb']);
    const sm = spanMatrix(task, ['r0', 'r1'], [
      {
        index: 1,
        tokens,
        associations: [heuristic('lookup', 'city', 0, 6), heuristic('lookup', 'city', 13, 18), heuristic('verbs', 'verb', 7, 12), heuristic('x', 'gone', 0, 6), heuristic('ws', 'city', 0, 6, 'WEAK_SUPERVISION')],
        reference: [{ taskId: 't', labelIds: ['city'], spans: [{ labelId: 'city', start: 13, end: 18 }] }],
      },
    ]);
    expect(sm.heuristicIds).toEqual(['lookup', 'verbs']);
    expect(sm.spans).toEqual([
      { record: 1, label: 0, start: 0, end: 0, confidence: 0.9, heuristic: 0 },
      { record: 1, label: 0, start: 2, end: 2, confidence: 0.9, heuristic: 0 },
      { record: 1, label: 1, start: 1, end: 1, confidence: 0.9, heuristic: 1 },
    ]);
    expect([...sm.reference.annotatedRecords]).toEqual([1]);
    expect(sm.reference.spans).toEqual([{ record: 1, label: 0, start: 2, end: 2 }]);
    const verbs = selectSpanHeuristics(sm, ['verbs']);
    expect(verbs.spans).toEqual([{ record: 1, label: 1, start: 1, end: 1, confidence: 0.9, heuristic: 0 }]);
  });
});
