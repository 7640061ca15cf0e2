import { OUTSIDE } from '@refinery/contracts';
import type { StoredAssociation } from '../store/project-state.js';
import { GOLD_ANNOTATOR, taskOverview } from './task-overview.js';

let n = 0;
const a = (source: StoredAssociation['source'], labelId: string, over: Partial<StoredAssociation> = {}): StoredAssociation => ({
  _id: `a${++n}`,
  recordId: 'r',
  taskId: 't',
  labelId,
  source,
  userId: source === 'MANUAL' ? 'ada' : null,
  sourceId: null,
  confidence: null,
  start: null,
  end: null,
  text: null,
  generation: 1,
  createdAt: new Date(0),
  ...over,
});

describe('taskOverview', () => {
  it('counts references, weak supervision, the distribution, confusion and confidence of a classification task', () => {
    const o = taskOverview('t', 'CLASSIFICATION', ['yes', 'no'], [
      { associations: [a('MANUAL', 'yes'), a('WEAK_SUPERVISION', 'yes', { confidence: 0.95 })] },
      { associations: [a('MANUAL', 'yes'), a('WEAK_SUPERVISION', 'no', { confidence: 0.55 })] },
      { associations: [a('GOLD', 'no', { userId: 'carl' }), a('WEAK_SUPERVISION', 'no', { confidence: 0.75 })] },
      { associations: [a('WEAK_SUPERVISION', 'yes', { confidence: 1 })] },
      { associations: [] },
    ]);
    expect(o).toMatchObject({ records: 5, withReference: 3, withWeakSupervision: 4 });
    expect(o.distribution).toEqual([
      { labelId: 'yes', reference: 2, weakSupervision: 2 },
      { labelId: 'no', reference: 1, weakSupervision: 2 },
    ]);
    expect(o.confusion).toEqual({ classes: ['yes', 'no'], matrix: [[1, 1], [0, 1]] });
    expect(o.confidence.histogram.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 2]);
    expect(o.confidence.percentiles).toEqual({ p10: 0.55, p25: 0.75, p50: 0.95, p75: 1, p90: 1 });
  });

  it('builds the agreement matrix of annotators with gold last', () => {
    const o = taskOverview('t', 'CLASSIFICATION', ['yes', 'no'], [
      { associations: [a('MANUAL', 'yes'), a('MANUAL', 'yes', { userId: 'bob' }), a('GOLD', 'yes', { userId: 'carl' })] },
      { associations: [a('MANUAL', 'yes'), a('MANUAL', 'no', { userId: 'bob' })] },
      { associations: [a('MANUAL', 'no', { userId: 'bob' })] },
    ]);
    expect(o.agreement.annotators).toEqual(['ada', 'bob', GOLD_ANNOTATOR]);
    expect(o.agreement.both).toEqual([[2, 2, 1], [2, 3, 1], [1, 1, 1]]);
    expect(o.agreement.agree).toEqual([[2, 1, 1], [1, 3, 1], [1, 1, 1]]);
  });

  it('compares extraction token by token with an OUTSIDE class', () => {
    // "New York is big": tokens New(0-3) York(4-8) is(9-11) big(12-15)
    const tokens = { starts: [0, 4, 9, 12], ends: [3, 8, 11, 15] };
    const o = taskOverview('t', 'EXTRACTION', ['city'], [
      { tokens, associations: [a('MANUAL', 'city', { start: 0, end: 8 }), a('WEAK_SUPERVISION', 'city', { start: 4, end: 11, confidence: 0.8 })] },
      { tokens, associations: [a('WEAK_SUPERVISION', 'city', { start: 0, end: 3, confidence: 0.6 })] },
    ]);
    expect(o.confusion).toEqual({ classes: ['city', OUTSIDE], matrix: [[1, 1], [1, 1]] });
    expect(o.distribution).toEqual([{ labelId: 'city', reference: 1, weakSupervision: 2 }]);
    expect(o).toMatchObject({ withReference: 1, withWeakSupervision: 2 });
  });
});
