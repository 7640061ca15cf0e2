import type { LabelingTask } from '@refinery/contracts';
import { closestName } from './closest-name.js';
import { LabelOutputs, unknownLabelMessage } from './label-outputs.js';

const label = (id: string, name: string) => ({ id, taskId: 't', name, color: '#000000', hotkey: null, position: 0 });
const clickbait: LabelingTask = { id: 't', name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null, labels: [label('l1', 'clickbait'), label('l2', 'not clickbait')] };
const spans: LabelingTask = { id: 's', name: 'entities', kind: 'EXTRACTION', attributeId: 'a', labels: [label('c', 'country_related')] };

describe('closestName', () => {
  it('finds the nearest name, case-insensitively', () => {
    expect(closestName('no clickbait', ['clickbait', 'not clickbait'])).toBe('not clickbait');
    expect(closestName('CLICKBAIT', ['not clickbait', 'clickbait'])).toBe('clickbait');
  });

  it('answers null without candidates', () => {
    expect(closestName('x', [])).toBeNull();
  });
});

describe('LabelOutputs', () => {
  it('maps a label name to its id', () => {
    expect(new LabelOutputs(clickbait).items('r1', 'clickbait', null).items).toEqual([{ recordId: 'r1', labelId: 'l1', confidence: null }]);
  });

  it('deduplicates multi-label outputs', () => {
    expect(new LabelOutputs(clickbait).items('r1', ['clickbait', 'clickbait'], null).items).toHaveLength(1);
  });

  it('names the unknown label, the task labels and the closest one', () => {
    const { unknown, items } = new LabelOutputs(clickbait).items('r9', 'no clickbait', null);
    expect(items).toEqual([]);
    expect(unknown?.message).toBe(
      'unknown label "no clickbait" (record r9): the labels of task "clickbait" are "clickbait", "not clickbait"; did you mean "not clickbait"?',
    );
  });

  it('says so when the task has no labels', () => {
    expect(unknownLabelMessage({ ...clickbait, labels: [] }, 'x', 'r1')).toBe('unknown label "x" (record r1): the labels of task "clickbait" are none');
  });

  it('keeps spans with their range and drops whitespace-only and repeated ones', () => {
    const out = new LabelOutputs(spans).items('r1', [['country_related', 0, 6], ['country_related', 0, 6], ['country_related', 6, 7]], 'Berlin is big');
    expect(out.items).toEqual([{ recordId: 'r1', labelId: 'c', confidence: null, start: 0, end: 6 }]);
    expect(out.droppedSpans).toBe(1);
  });
});
