import { normalizeRefinerySnapshot } from '@refinery/refinery-snapshot';
import { heuristicsImportPlan, withFreshHeuristicIds } from './heuristics-import-plan.js';

const source = (id: string, name: string, task: string, code = 'def lf(r): pass') => ({
  id,
  name,
  type: 'LABELING_FUNCTION',
  return_type: 'RETURN',
  description: `${name} does things`,
  source_code: code,
  is_selected: true,
  version: 1,
  created_at: null,
  labeling_task_id: task,
});

const snapshot = normalizeRefinerySnapshot({
  project_details_data: { id: 'p1', name: 'Tiny', description: '', tokenizer: 'en_core_web_sm', status: 'INIT_COMPLETE' },
  attributes_data: [{ id: 'a-text', name: 'text', data_type: 'TEXT', is_primary_key: false, relative_position: 1 }],
  records_data: [{ id: 'r1', data: { text: 'Paris' }, category: 'SCALE' }],
  labeling_tasks_data: [
    { id: 't-cls', attribute_id: 'None', name: 'sentiment', task_target: 'ON_WHOLE_RECORD', task_type: 'MULTICLASS_CLASSIFICATION' },
    { id: 't-two', attribute_id: 'None', name: 'topic', task_target: 'ON_WHOLE_RECORD', task_type: 'MULTICLASS_CLASSIFICATION' },
  ],
  labeling_task_labels_data: [{ id: 'l-pos', labeling_task_id: 't-cls', name: 'pos', color: 'green', hotkey: 'q' }],
  record_label_associations_data: [
    {
      id: 'h', source_id: 'h1', record_id: 'r1', labeling_task_label_id: 'l-pos', source_type: 'INFORMATION_SOURCE', return_type: 'RETURN',
      confidence: 1, is_gold_star: null, created_by: 'u1', created_at: null, weak_supervision_id: null, is_valid_manual_label: null,
    },
  ],
  information_sources_data: [source('h1', 'lf', 't-cls'), source('h2', 'orphan', 't-two'), source('h3', 'huge', 't-cls', `# ${'x'.repeat(100_001)}`)],
  knowledge_bases_data: [{ id: 'k1', name: 'cities', description: 'places' }],
  terms_data: [
    { knowledge_base_id: 'k1', value: ' Paris ', blacklisted: false, comment: null },
    { knowledge_base_id: 'k1', value: 'Rome', blacklisted: true, comment: null },
    { knowledge_base_id: 'k1', value: '   ', blacklisted: false, comment: null },
  ],
});

const begun = { tasks: [{ id: 'T-CLS', name: 'sentiment', labels: [{ id: 'L-POS', name: 'pos' }] }] };

describe('the heuristics part of a refinery import', () => {
  it('gives every heuristic a new id, in its definition and in the outputs that name it', () => {
    let n = 0;
    const fresh = withFreshHeuristicIds(snapshot, () => `new-${++n}`);
    const lf = fresh.heuristics.find((h) => h.name === 'lf');
    expect(lf?.id).toMatch(/^new-/);
    expect(fresh.associations.map((a) => a.sourceId)).toEqual([lf?.id]);
    expect(new Set(fresh.heuristics.map((h) => h.id)).size).toBe(3);
    expect(snapshot.heuristics[0]?.id).toBe('h1');
  });

  it('maps tasks by name (records created "sentiment" only), lists before heuristics, and names what it leaves out', () => {
    const plan = heuristicsImportPlan(snapshot, begun, 450_000);
    expect(plan.requests).toEqual([
      { lookupLists: [{ name: 'cities', description: 'places', terms: [{ value: 'Paris', blacklisted: false }, { value: 'Rome', blacklisted: true }] }], heuristics: [] },
      {
        lookupLists: [],
        heuristics: [{ id: 'h1', name: 'lf', description: 'lf does things', type: 'LABELING_FUNCTION', language: 'python', code: 'def lf(r): pass', taskId: 'T-CLS', selected: true }],
      },
    ]);
    expect(plan.skipped).toEqual([
      'lookup list "cities": term "" is empty or longer than 500 characters',
      'heuristic "orphan": its labeling task "topic" is not in the project',
      'heuristic "huge": its code is longer than 100000 characters',
    ]);
  });

  it('splits large lists and many heuristics into bounded requests', () => {
    const terms = Array.from({ length: 12_000 }, (_, i) => ({ value: `term ${i}`, blacklisted: false }));
    const big = { ...snapshot, lookupLists: [{ id: 'k', name: 'big', description: '', terms }] };
    expect(heuristicsImportPlan(big, begun, 1_000_000).requests[0]?.lookupLists.map((l) => l.terms.length)).toEqual([5_000, 5_000, 2_000]);
    const plan = heuristicsImportPlan(big, begun, 100_000);
    const parts = plan.requests.flatMap((r) => r.lookupLists);
    expect(parts.reduce((n, l) => n + l.terms.length, 0)).toBe(12_000);
    expect(parts.every((l) => l.name === 'big')).toBe(true);
    expect(plan.requests.length).toBeGreaterThanOrEqual(3);
    expect(plan.requests.every((r) => Buffer.byteLength(JSON.stringify(r)) <= 100_000)).toBe(true);
  });
});
