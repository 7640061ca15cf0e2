import { referenceLabels, type Mark } from './reference-labels.js';

const m = (userId: string | null, labelId: string, start: number | null = null, end: number | null = null): Mark => ({ userId, labelId, start, end });

describe("refinery's valid reference label", () => {
  it('takes the only annotator\'s label', () => {
    expect(referenceLabels('CLASSIFICATION', [m('ada', 'yes')], [])).toEqual({ labelIds: ['yes'], spans: [] });
  });

  it('takes the only annotator even over a gold label', () => {
    expect(referenceLabels('CLASSIFICATION', [m('ada', 'yes')], [m('owner', 'no')]).labelIds).toEqual(['yes']);
  });

  it('takes gold when annotators disagree, or when nobody annotated', () => {
    expect(referenceLabels('CLASSIFICATION', [m('ada', 'yes'), m('bob', 'no')], [m('owner', 'no')]).labelIds).toEqual(['no']);
    expect(referenceLabels('CLASSIFICATION', [], [m('owner', 'no')]).labelIds).toEqual(['no']);
  });

  it('takes what all annotators agree on, else nothing', () => {
    expect(referenceLabels('CLASSIFICATION', [m('ada', 'yes'), m('bob', 'yes'), m('cy', 'yes')], []).labelIds).toEqual(['yes']);
    expect(referenceLabels('CLASSIFICATION', [m('ada', 'yes'), m('bob', 'yes'), m('cy', 'no')], []).labelIds).toEqual([]);
    expect(referenceLabels('CLASSIFICATION', [], [])).toEqual({ labelIds: [], spans: [] });
  });

  it('needs identical sets for multi-label agreement', () => {
    const same = [m('ada', 'a'), m('ada', 'b'), m('bob', 'b'), m('bob', 'a')];
    expect(referenceLabels('MULTI_LABEL_CLASSIFICATION', same, []).labelIds).toEqual(['a', 'b']);
    const subset = [m('ada', 'a'), m('ada', 'b'), m('bob', 'a')];
    expect(referenceLabels('MULTI_LABEL_CLASSIFICATION', subset, []).labelIds).toEqual([]);
  });

  it('keeps, for extraction, the spans every annotator marked', () => {
    const marks = [m('ada', 'city', 0, 6), m('ada', 'city', 10, 14), m('bob', 'city', 0, 6), m('bob', 'person', 10, 14)];
    expect(referenceLabels('EXTRACTION', marks, [])).toEqual({ labelIds: ['city'], spans: [{ labelId: 'city', start: 0, end: 6 }] });
    expect(referenceLabels('EXTRACTION', marks.slice(0, 2), []).spans).toEqual([
      { labelId: 'city', start: 0, end: 6 },
      { labelId: 'city', start: 10, end: 14 },
    ]);
  });
});
