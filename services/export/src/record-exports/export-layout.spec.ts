import type { ExportSourceOpened, ExportSourceRow } from '@refinery/contracts';
import { exportColumns } from './export-layout.js';

const opened: Pick<ExportSourceOpened, 'attributes' | 'tasks' | 'tokenAttributes'> = {
  attributes: [
    { name: 'id', dataType: 'INTEGER' },
    { name: 'headline', dataType: 'TEXT' },
  ],
  tasks: [
    { id: 'cb', name: 'clickbait', kind: 'CLASSIFICATION', attributeName: null, heuristicIds: ['h1'], labels: ['yes', 'no'] },
    { id: 'tp', name: 'topics', kind: 'MULTI_LABEL_CLASSIFICATION', attributeName: 'headline', heuristicIds: [], labels: ['a', 'b'] },
    { id: 'en', name: 'entities', kind: 'EXTRACTION', attributeName: 'headline', heuristicIds: ['h2'], labels: ['place', 'person'] },
  ],
  tokenAttributes: ['headline'],
};

function render(row: ExportSourceRow): Record<string, unknown> {
  const columns = exportColumns(opened, new Map([['h1', 'starts_with_digit'], ['h2', 'lkp_places']]));
  return Object.fromEntries(columns.map((c) => [c.name, c.cell(row)]));
}

describe('exportColumns', () => {
  it("names the columns as refinery's export does", () => {
    expect(Object.keys(render({ d: [1, 'x'], t: [null, null, null] }))).toEqual([
      'id',
      'headline',
      '__clickbait__MANUAL',
      '__clickbait__WEAK_SUPERVISION',
      '__clickbait__WEAK_SUPERVISION__confidence',
      '__clickbait__INFORMATION_SOURCE__starts_with_digit',
      'headline__topics__MANUAL',
      'headline__topics__WEAK_SUPERVISION',
      'headline__topics__WEAK_SUPERVISION__confidence',
      'headline__tokenized',
      'headline__entities__MANUAL',
      'headline__entities__WEAK_SUPERVISION',
      'headline__entities__WEAK_SUPERVISION__confidence',
      'headline__entities__INFORMATION_SOURCE__lkp_places',
      'headline__entities__INFORMATION_SOURCE__lkp_places__confidence',
    ]);
  });

  it('renders single labels, multi-label lists with their confidences and null for none', () => {
    const cells = render({
      d: [7, 'Anna visits New York'],
      k: [['Anna', 'visits', 'New', 'York']],
      t: [{ m: [[0, null]], w: [[1, 0.8]], h: [[[0, 1]]] }, { w: [[0, 0.6], [1, 0.9]] }, null],
    });
    expect(cells).toMatchObject({
      '__clickbait__MANUAL': 'yes',
      '__clickbait__WEAK_SUPERVISION': 'no',
      '__clickbait__WEAK_SUPERVISION__confidence': 0.8,
      '__clickbait__INFORMATION_SOURCE__starts_with_digit': 'yes',
      'headline__topics__MANUAL': null,
      'headline__topics__WEAK_SUPERVISION': ['a', 'b'],
      'headline__topics__WEAK_SUPERVISION__confidence': [0.6, 0.9],
      'headline__tokenized': ['Anna', 'visits', 'New', 'York'],
      'headline__entities__MANUAL': null,
    });
  });

  it('renders extraction spans as BIO tags per token with per-token confidences; the longer of two overlapping spans wins', () => {
    const cells = render({
      d: [7, 'Anna visits New York'],
      k: [['Anna', 'visits', 'New', 'York']],
      t: [null, null, { m: [[1, null, 0, 1], [0, null, 2, 4]], w: [[0, 0.7, 2, 4], [1, 0.9, 3, 4]], h: [null] }],
    });
    expect(cells['headline__entities__MANUAL']).toEqual(['B-person', 'O', 'B-place', 'I-place']);
    expect(cells['headline__entities__WEAK_SUPERVISION']).toEqual(['O', 'O', 'B-place', 'I-place']);
    expect(cells['headline__entities__WEAK_SUPERVISION__confidence']).toEqual([0, 0, 0.7, 0.7]);
    expect(cells['headline__entities__INFORMATION_SOURCE__lkp_places']).toBeNull();
  });
});
