import { normalizeRefinerySnapshot } from '@refinery/refinery-snapshot';
import { associationItems, beginRequest, recordRows, WEAK_SUPERVISION_SOURCE_ID } from './refinery-import-plan.js';

const association = (id: string, record: string, label: string, source: string, extra: Record<string, unknown> = {}) => ({
  id,
  source_id: 'None',
  record_id: record,
  labeling_task_label_id: label,
  source_type: source,
  return_type: 'RETURN',
  confidence: null,
  is_gold_star: null,
  created_by: 'u1',
  created_at: null,
  weak_supervision_id: null,
  is_valid_manual_label: source === 'MANUAL' ? true : null,
  ...extra,
});

/** A tiny export in refinery's format: one classification and one extraction task. */
const snapshot = normalizeRefinerySnapshot({
  project_details_data: { id: 'p1', name: 'Tiny', description: 'tiny', tokenizer: 'en_core_web_sm', status: 'INIT_COMPLETE' },
  attributes_data: [
    { id: 'a-id', name: 'running_id', data_type: 'INTEGER', is_primary_key: true, relative_position: 1 },
    { id: 'a-text', name: 'text', data_type: 'TEXT', is_primary_key: false, relative_position: 2 },
  ],
  records_data: [
    { id: 'r1', data: { running_id: 0, text: "Don't visit Paris  now" }, category: 'SCALE' },
    { id: 'r2', data: { running_id: 1, text: 'New York, USA' }, category: 'SCALE' },
  ],
  labeling_tasks_data: [
    { id: 't-cls', attribute_id: 'None', name: 'sentiment', task_target: 'ON_WHOLE_RECORD', task_type: 'MULTICLASS_CLASSIFICATION' },
    { id: 't-ext', attribute_id: 'a-text', name: 'places', task_target: 'ON_ATTRIBUTE', task_type: 'INFORMATION_EXTRACTION' },
  ],
  labeling_task_labels_data: [
    { id: 'l-pos', labeling_task_id: 't-cls', name: 'pos', color: 'green', hotkey: 'q' },
    { id: 'l-city', labeling_task_id: 't-ext', name: 'city', color: 'not-a-colour', hotkey: null },
  ],
  record_label_associations_data: [
    association('m1', 'r1', 'l-pos', 'MANUAL'),
    association('m1-again', 'r1', 'l-pos', 'MANUAL', { created_by: 'u2' }),
    association('m-invalid', 'r2', 'l-pos', 'MANUAL', { is_valid_manual_label: false }),
    association('h', 'r2', 'l-pos', 'INFORMATION_SOURCE', { source_id: 'h1', confidence: 1.0 }),
    association('w', 'r2', 'l-pos', 'WEAK_SUPERVISION', { confidence: 0.75 }),
    association('span', 'r1', 'l-city', 'MANUAL', { return_type: 'YIELD' }),
    association('span-out', 'r2', 'l-city', 'MANUAL', { return_type: 'YIELD' }),
  ],
  record_label_association_tokens_data: [
    { record_label_association_id: 'span', token_index: 3, is_beginning_token: true },
    { record_label_association_id: 'span-out', token_index: 40, is_beginning_token: true },
  ],
  information_sources_data: [
    {
      id: 'h1', name: 'lf', type: 'LABELING_FUNCTION', return_type: 'RETURN', description: '', source_code: 'def lf(r): pass',
      is_selected: true, version: 1, created_at: null, labeling_task_id: 't-cls',
    },
  ],
});

const begun = {
  tasks: [
    { id: 'T-CLS', name: 'sentiment', labels: [{ id: 'L-POS', name: 'pos' }] },
    { id: 'T-EXT', name: 'places', labels: [{ id: 'L-CITY', name: 'city' }] },
  ],
};

describe('the refinery import plan', () => {
  it('maps the schema, tasks, label colours and bulk sources', () => {
    const req = beginRequest(snapshot, undefined);
    expect(req.name).toBe('Tiny');
    expect(req.attributes).toEqual([
      { name: 'running_id', dataType: 'INTEGER', isPrimaryKey: true },
      { name: 'text', dataType: 'TEXT', isPrimaryKey: false },
    ]);
    expect(req.tasks).toEqual([
      { name: 'sentiment', kind: 'CLASSIFICATION', attribute: null, labels: [{ name: 'pos', color: '#22c55e' }] },
      { name: 'places', kind: 'EXTRACTION', attribute: 'text', labels: [{ name: 'city' }] },
    ]);
    expect(req.sources).toEqual([
      { source: 'HEURISTIC', sourceId: 'h1' },
      { source: 'WEAK_SUPERVISION', sourceId: WEAK_SUPERVISION_SOURCE_ID },
    ]);
    expect(beginRequest(snapshot, 'Mine').name).toBe('Mine');
  });

  it('attaches labels to their records, spans as character ranges, skipping invalid, repeated and misfit ones', () => {
    const planned = associationItems(snapshot, begun);
    expect(planned.counts).toEqual({ manualLabels: 1, manualSpans: 1, heuristicOutputs: 1, weakSupervisionLabels: 1, skipped: 3 });
    const rows = recordRows(snapshot, planned.byRecord);
    expect(rows[0]).toEqual({
      data: { running_id: 0, text: "Don't visit Paris  now" },
      labels: [
        { taskId: 'T-CLS', labelId: 'L-POS', source: 'MANUAL', sourceId: null, confidence: null },
        { taskId: 'T-EXT', labelId: 'L-CITY', source: 'MANUAL', sourceId: null, confidence: null, start: 12, end: 17 },
      ],
    });
    expect(rows[1]?.labels).toEqual([
      { taskId: 'T-CLS', labelId: 'L-POS', source: 'HEURISTIC', sourceId: 'h1', confidence: 1 },
      { taskId: 'T-CLS', labelId: 'L-POS', source: 'WEAK_SUPERVISION', sourceId: WEAK_SUPERVISION_SOURCE_ID, confidence: 0.75 },
    ]);
  });

  it('refuses an attribute type it cannot store, naming it', () => {
    const odd = { ...snapshot, attributes: [{ id: 'a', name: 'blob', dataType: 'BINARY', isPrimaryKey: false, position: 1 }] };
    expect(() => beginRequest(odd, undefined)).toThrow(/attributes_data\[0\]\.data_type: "BINARY" of attribute "blob"/);
  });
});
