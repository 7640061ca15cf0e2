import type { LabelMatrixPage } from '@refinery/contracts';
import { pageOf, rowOf } from '../test-support/views.js';
import { checkLabelMatrixPage } from './label-matrix-page.js';

describe('checkLabelMatrixPage', () => {
  const votes = pageOf([rowOf('r0', ['a|yes', 'b|no@0.5'], ['yes']), rowOf('r1'), rowOf('r2', ['a|no'])]);
  const spans = pageOf([rowOf('r0', ['a|city#0-1'], ['city#1-1'])]);

  it('accepts consistent pages', () => {
    expect(() => checkLabelMatrixPage(votes, false)).not.toThrow();
    expect(() => checkLabelMatrixPage(spans, true)).not.toThrow();
    expect(() => checkLabelMatrixPage(pageOf([]), false)).not.toThrow();
  });

  const bad: [string, Partial<LabelMatrixPage>, RegExp][] = [
    ['indptr of the wrong length', { indptr: [0, 2, 2] }, /indptr has 3 entries for 3 records \(expected 4\)/],
    ['indptr not starting at 0', { indptr: [1, 2, 2, 3] }, /indptr\[0\] is 1, expected 0/],
    ['decreasing indptr', { indptr: [0, 2, 1, 3] }, /indptr\[2\] \(1\) decreases/],
    ['indptr not ending at the vote count', { indptr: [0, 2, 2, 2] }, /indptr\[3\] is 2 but there are 3 votes/],
    ['a missing vote label', { voteLabel: [0, 1] }, /voteLabel has 2 entries, expected 3/],
    ['a missing vote confidence', { voteConfidence: [null, 0.5] }, /voteConfidence has 2 entries, expected 3/],
    ['an unknown source', { voteSource: [0, 2, 0] }, /voteSource\[1\] is 2, outside 0..1/],
    ['an unknown label', { voteLabel: [0, 1, -1] }, /voteLabel\[2\] is -1, outside 0..1/],
    ['a confidence above 1', { voteConfidence: [null, 1.5, null] }, /voteConfidence\[1\] is 1.5, outside \[0, 1\]/],
    ['a reference outside the page', { referenceRecord: [3] }, /referenceRecord\[0\] is 3, outside 0..2/],
    ['a reference without label', { referenceLabel: [] }, /referenceLabel has 0 entries, expected 1/],
    ['a reference of an unknown label', { referenceLabel: [5] }, /referenceLabel\[0\] is 5, outside 0..1/],
  ];
  it.each(bad)('refuses %s', (_name, change, message) => {
    expect(() => checkLabelMatrixPage({ ...votes, ...change }, false)).toThrow(message);
  });

  const badSpans: [string, Partial<LabelMatrixPage>, RegExp][] = [
    ['vote tokens missing', { voteTokenStart: undefined }, /voteTokenStart\/voteTokenEnd are missing on an extraction task with 1 votes/],
    ['reference tokens missing', { referenceTokenEnd: undefined }, /referenceTokenStart\/referenceTokenEnd are missing on an extraction task with 1 reference spans/],
    ['vote tokens of the wrong length', { voteTokenEnd: [1, 2] }, /voteTokenEnd has 2 entries, expected 1/],
    ['a reversed token range', { referenceTokenStart: [2] }, /referenceTokenStart\/End\[0\] is \[2, 1\], not an inclusive token range/],
    ['a negative token', { voteTokenStart: [-1] }, /voteTokenStart\/End\[0\] is \[-1, 1\]/],
  ];
  it.each(badSpans)('refuses an extraction page with %s', (_name, change, message) => {
    expect(() => checkLabelMatrixPage({ ...spans, ...change }, true)).toThrow(message);
  });

  it('names the page by its first record', () => {
    expect(() => checkLabelMatrixPage({ ...votes, indptr: [0] }, false)).toThrow(/^label-matrix page of 3 records from r0: indptr/);
  });
});
