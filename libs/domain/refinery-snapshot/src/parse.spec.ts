import { zipSync, strToU8 } from 'fflate';
import { tokenize } from '@refinery/tokenize';
import {
  normalizeRefinerySnapshot,
  parseRefinerySnapshot,
  RefinerySnapshotError,
} from './parse.js';
import { resolveSpans, spanAlignmentReport, spanToCharRange } from './spans.js';

/** A minimal hand-made export in refinery's format (two records, one task of each kind). */
function makeExport(): Record<string, unknown> {
  return {
    project_details_data: {
      id: 'p1',
      name: 'Tiny',
      description: 'tiny project',
      tokenizer: 'en_core_web_sm',
      status: 'INIT_COMPLETE',
      extra: 1,
    },
    attributes_data: [
      {
        id: 'a-text',
        name: 'text',
        data_type: 'TEXT',
        is_primary_key: false,
        relative_position: 2,
      },
      {
        id: 'a-id',
        name: 'running_id',
        data_type: 'INTEGER',
        is_primary_key: true,
        relative_position: 1,
      },
    ],
    records_data: [
      { id: 'r1', data: { running_id: 0, text: "Don't visit Paris  now" }, category: 'SCALE' },
      { id: 'r2', data: { running_id: 1, text: 'New York, USA' }, category: 'TEST' },
    ],
    labeling_tasks_data: [
      {
        id: 't-cls',
        attribute_id: 'None',
        name: 'sentiment',
        task_target: 'ON_WHOLE_RECORD',
        task_type: 'MULTICLASS_CLASSIFICATION',
      },
      {
        id: 't-ext',
        attribute_id: 'a-text',
        name: 'places',
        task_target: 'ON_ATTRIBUTE',
        task_type: 'INFORMATION_EXTRACTION',
      },
    ],
    labeling_task_labels_data: [
      { id: 'l-pos', labeling_task_id: 't-cls', name: 'pos', color: 'green', hotkey: 'q' },
      { id: 'l-neg', labeling_task_id: 't-cls', name: 'neg', color: null, hotkey: null },
      { id: 'l-city', labeling_task_id: 't-ext', name: 'city', color: 'blue', hotkey: 'c' },
    ],
    record_label_associations_data: [
      {
        id: 'x1',
        source_id: 'None',
        record_id: 'r1',
        labeling_task_label_id: 'l-neg',
        source_type: 'MANUAL',
        return_type: 'RETURN',
        confidence: null,
        is_gold_star: true,
        created_by: 'u1',
        created_at: '2022-07-05 13:13:33',
        weak_supervision_id: null,
        is_valid_manual_label: true,
      },
      {
        id: 'x2',
        source_id: 'h1',
        record_id: 'r2',
        labeling_task_label_id: 'l-pos',
        source_type: 'INFORMATION_SOURCE',
        return_type: 'RETURN',
        confidence: 1.0,
        is_gold_star: null,
        created_by: 'u1',
        created_at: null,
        weak_supervision_id: 'w1',
        is_valid_manual_label: null,
      },
      {
        id: 'x3',
        source_id: 'None',
        record_id: 'r2',
        labeling_task_label_id: 'l-pos',
        source_type: 'WEAK_SUPERVISION',
        return_type: 'RETURN',
        confidence: 0.75,
        is_gold_star: null,
        created_by: 'u1',
        created_at: null,
        weak_supervision_id: 'w1',
        is_valid_manual_label: null,
      },
      // "Paris" = spaCy token 3 (Do n't visit Paris " " now)
      {
        id: 'x4',
        source_id: 'None',
        record_id: 'r1',
        labeling_task_label_id: 'l-city',
        source_type: 'MANUAL',
        return_type: 'YIELD',
        confidence: null,
        is_gold_star: null,
        created_by: 'u1',
        created_at: null,
        weak_supervision_id: null,
        is_valid_manual_label: true,
      },
      // "New York" = tokens 0-1
      {
        id: 'x5',
        source_id: 'None',
        record_id: 'r2',
        labeling_task_label_id: 'l-city',
        source_type: 'MANUAL',
        return_type: 'YIELD',
        confidence: null,
        is_gold_star: null,
        created_by: 'u1',
        created_at: null,
        weak_supervision_id: null,
        is_valid_manual_label: true,
      },
    ],
    record_label_association_tokens_data: [
      { record_label_association_id: 'x4', token_index: 3, is_beginning_token: true },
      { record_label_association_id: 'x5', token_index: 1, is_beginning_token: false },
      { record_label_association_id: 'x5', token_index: 0, is_beginning_token: true },
    ],
    information_sources_data: [
      {
        id: 'h1',
        name: 'lkp_pos',
        type: 'LABELING_FUNCTION',
        return_type: 'RETURN',
        description: 'finds good words',
        source_code: 'def lf(record):\n    return "pos"\n',
        is_selected: true,
        version: 1,
        created_at: '2022-07-05',
        labeling_task_id: 't-cls',
      },
    ],
    information_source_payloads_data: [
      {
        id: 'run2',
        source_id: 'h1',
        created_at: null,
        finished_at: null,
        iteration: 2,
        source_code: '',
        logs: ['ok'],
        state: 'FINISHED',
      },
      {
        id: 'run1',
        source_id: 'h1',
        created_at: null,
        finished_at: null,
        iteration: 1,
        source_code: '',
        logs: null,
        state: 'FAILED',
      },
    ],
    information_source_statistics_data: [
      {
        id: 's1',
        source_id: 'h1',
        labeling_task_label_id: 'l-pos',
        true_positives: 1,
        false_positives: 0,
        false_negatives: 0,
        record_coverage: 1,
        total_hits: 1,
        source_conflicts: 0,
        source_overlaps: 1,
      },
    ],
    knowledge_bases_data: [{ id: 'kb1', name: 'cities', description: null }],
    terms_data: [
      { knowledge_base_id: 'kb1', value: 'Paris', comment: null, blacklisted: false },
      { knowledge_base_id: 'kb1', value: 'Springfield', comment: 'ambiguous', blacklisted: true },
    ],
    embeddings_data: [
      {
        id: 'e1',
        name: 'text-classification-distilbert-base-uncased',
        custom: false,
        type: 'ON_ATTRIBUTE',
      },
    ],
    embedding_tensors_data: [
      { embedding_id: 'e1', record_id: 'r1', data: [0.5, -1, 2] },
      { embedding_id: 'e1', record_id: 'r2', data: [0, 0.25, 1] },
    ],
    weak_supervision_task_data: [
      {
        id: 'w1',
        state: 'FINISHED',
        created_at: null,
        created_by: 'u2',
        finished_at: null,
        selected_information_sources: 'lkp_pos, other',
        selected_labeling_tasks: 'sentiment',
        distinct_records: 1,
        result_count: 1,
      },
    ],
    data_slice_data: [
      {
        id: 'd1',
        name: 'tests',
        created_at: null,
        created_by: 'u2',
        filter_data: [{ X: 1 }],
        static: true,
        count: 1,
        slice_type: 'STATIC_DEFAULT',
      },
    ],
    data_slice_record_association_data: [
      { data_slice_id: 'd1', record_id: 'r2', outlier_score: null },
    ],
    record_attribute_token_statistics_data: [],
  };
}

const bytes = (o: unknown): Uint8Array => strToU8(JSON.stringify(o));

function expectIssue(o: unknown, path: string, message?: RegExp): void {
  let error: unknown;
  try {
    parseRefinerySnapshot(bytes(o));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(RefinerySnapshotError);
  const issues = (error as RefinerySnapshotError).issues;
  const hit = issues.find((i) => i.path === path);
  expect(hit).toBeDefined();
  if (message) expect(hit!.message).toMatch(message);
  expect((error as Error).message).toContain(path);
}

describe('parseRefinerySnapshot on a hand-made export', () => {
  const snap = parseRefinerySnapshot(bytes(makeExport()));

  it('normalizes project, attributes (sorted by position) and records', () => {
    expect(snap.project).toEqual({
      id: 'p1',
      name: 'Tiny',
      description: 'tiny project',
      tokenizer: 'en_core_web_sm',
      status: 'INIT_COMPLETE',
    });
    expect(snap.attributes.map((a) => [a.name, a.dataType, a.isPrimaryKey, a.position])).toEqual([
      ['running_id', 'INTEGER', true, 1],
      ['text', 'TEXT', false, 2],
    ]);
    expect(snap.records[1]).toEqual({
      id: 'r2',
      category: 'TEST',
      data: { running_id: 1, text: 'New York, USA' },
    });
  });

  it('normalizes tasks with labels, target attribute names and optional color/hotkey', () => {
    expect(snap.tasks).toEqual([
      {
        id: 't-cls',
        name: 'sentiment',
        type: 'classification',
        targetAttribute: null,
        labels: [
          { id: 'l-pos', name: 'pos', color: 'green', hotkey: 'q' },
          { id: 'l-neg', name: 'neg' },
        ],
      },
      {
        id: 't-ext',
        name: 'places',
        type: 'extraction',
        targetAttribute: 'text',
        labels: [{ id: 'l-city', name: 'city', color: 'blue', hotkey: 'c' }],
      },
    ]);
  });

  it('maps association sources, gold flags, confidence and spans', () => {
    const byId = new Map(snap.associations.map((a) => [a.id, a]));
    expect(byId.get('x1')).toEqual({
      id: 'x1',
      recordId: 'r1',
      taskId: 't-cls',
      labelId: 'l-neg',
      source: 'MANUAL',
      userId: 'u1',
      isGold: true,
      isValidManualLabel: true,
      createdAt: '2022-07-05 13:13:33',
    });
    expect(byId.get('x2')).toMatchObject({
      source: 'HEURISTIC',
      sourceId: 'h1',
      confidence: 1,
      isGold: false,
      weakSupervisionRunId: 'w1',
    });
    expect(byId.get('x3')).toMatchObject({ source: 'WEAK_SUPERVISION', confidence: 0.75 });
    expect(byId.get('x3')!.sourceId).toBeUndefined();
    expect(byId.get('x4')!.span).toEqual({ startToken: 3, endToken: 4 });
    expect(byId.get('x5')!.span).toEqual({ startToken: 0, endToken: 2 });
    expect(byId.get('x1')!.span).toBeUndefined();
  });

  it('collects heuristics with code, runs (by iteration) and statistics', () => {
    expect(snap.heuristics).toHaveLength(1);
    const h = snap.heuristics[0]!;
    expect([h.name, h.type, h.taskId, h.description, h.isSelected]).toEqual([
      'lkp_pos',
      'LABELING_FUNCTION',
      't-cls',
      'finds good words',
      true,
    ]);
    expect(h.code).toContain('def lf(record)');
    expect(h.runs.map((r) => [r.id, r.state, r.logs.length])).toEqual([
      ['run1', 'FAILED', 0],
      ['run2', 'FINISHED', 1],
    ]);
    expect(h.statistics[0]).toMatchObject({ labelId: 'l-pos', truePositives: 1, overlaps: 1 });
  });

  it('collects lookup lists, slices, weak-supervision runs, users and embeddings', () => {
    expect(snap.lookupLists).toEqual([
      {
        id: 'kb1',
        name: 'cities',
        description: '',
        terms: [
          { value: 'Paris', blacklisted: false },
          { value: 'Springfield', blacklisted: true, comment: 'ambiguous' },
        ],
      },
    ]);
    expect(snap.slices[0]).toMatchObject({
      name: 'tests',
      isStatic: true,
      type: 'STATIC_DEFAULT',
      recordIds: ['r2'],
      filter: [{ X: 1 }],
    });
    expect(snap.weakSupervisionRuns[0]).toMatchObject({
      heuristicNames: ['lkp_pos', 'other'],
      taskNames: ['sentiment'],
    });
    expect(snap.userIds).toEqual(['u1', 'u2']);
    expect(snap.comments).toEqual([]);
    const e = snap.embeddings[0]!;
    expect([e.attribute, e.level, e.model, e.type, e.dimension]).toEqual([
      'text',
      'classification',
      'distilbert-base-uncased',
      'ON_ATTRIBUTE',
      3,
    ]);
    expect(e.vectors!.map((v) => [v.recordId, Array.from(v.vector)])).toEqual([
      ['r1', [0.5, -1, 2]],
      ['r2', [0, 0.25, 1]],
    ]);
    expect(e.vectors![0]!.vector).toBeInstanceOf(Float32Array);
    expect(
      parseRefinerySnapshot(bytes(makeExport()), { includeVectors: false }).embeddings[0]!.vectors,
    ).toBeUndefined();
  });

  it('reads the same export from a zip', () => {
    const zip = zipSync({ 'project_export_2022_07_13.json': bytes(makeExport()) });
    expect(parseRefinerySnapshot(zip)).toEqual(snap);
  });

  it('resolves token spans to characters, counting spaCy whitespace tokens', () => {
    const spans = resolveSpans(snap);
    expect(spans.map((s) => [s.associationId, s.labelName, s.text, s.charRange])).toEqual([
      ['x4', 'city', 'Paris', { start: 12, end: 17 }],
      ['x5', 'city', 'New York', { start: 0, end: 8 }],
    ]);
    expect(spanAlignmentReport(snap)).toEqual({ spans: 2, inRange: 2, clean: 2, rate: 1 });
    const text = "Don't visit Paris  now";
    // tokens: Do n't visit Paris [" "] now -> spaCy index 5 is "now"
    expect(spanToCharRange(text, tokenize(text), 5, 6)).toEqual({ start: 19, end: 22 });
    expect(spanToCharRange(text, tokenize(text), 4, 5)).toEqual({ start: 18, end: 19 });
    expect(spanToCharRange(text, tokenize(text), 5, 7)).toBeNull();
    expect(spanToCharRange(text, tokenize(text), 2, 2)).toBeNull();
  });

  it('reports spans that do not fit the text', () => {
    const o = makeExport();
    (o['record_label_association_tokens_data'] as unknown[]).push({
      record_label_association_id: 'x4',
      token_index: 4,
      is_beginning_token: false,
    });
    (o['record_label_association_tokens_data'] as { token_index: number }[])[0]!.token_index = 3;
    // x4 now covers tokens 3..4 = "Paris" + whitespace token: in range but not clean
    const report = spanAlignmentReport(normalizeRefinerySnapshot(o));
    expect(report).toEqual({ spans: 2, inRange: 2, clean: 1, rate: 0.5 });
  });
});

describe('parseRefinerySnapshot errors name the JSON path', () => {
  it('rejects non-JSON, non-UTF-8 and bad zips', () => {
    expect(() => parseRefinerySnapshot(strToU8('{nope'))).toThrow(/\(json\): not valid JSON/);
    expect(() => parseRefinerySnapshot(new Uint8Array([0xff, 0xfe, 0x00]))).toThrow(/not UTF-8/);
    expect(() => parseRefinerySnapshot(zipSync({ 'readme.txt': strToU8('hi') }))).toThrow(
      /no \.json file/,
    );
  });

  it('names missing and mistyped fields', () => {
    const o = makeExport();
    delete (o['records_data'] as Record<string, unknown>[])[1]!['id'];
    expectIssue(o, 'records_data[1].id');
    const p = makeExport();
    (p['attributes_data'] as Record<string, unknown>[])[0]!['name'] = 42;
    expectIssue(p, 'attributes_data[0].name');
    const q = makeExport();
    delete q['project_details_data'];
    expectIssue(q, 'project_details_data');
    const r = makeExport();
    (r['embedding_tensors_data'] as Record<string, unknown>[])[1]!['data'] = [0, 'x', 1];
    expectIssue(r, 'embedding_tensors_data[1].data[1]');
  });

  it('names broken references and unsupported values', () => {
    const a = makeExport();
    (a['record_label_associations_data'] as Record<string, unknown>[])[2]![
      'labeling_task_label_id'
    ] = 'nope';
    expectIssue(
      a,
      'record_label_associations_data[2].labeling_task_label_id',
      /unknown label nope/,
    );
    const b = makeExport();
    (b['record_label_associations_data'] as Record<string, unknown>[])[0]!['source_type'] =
      'ORACLE';
    expectIssue(
      b,
      'record_label_associations_data[0].source_type',
      /unsupported source type ORACLE/,
    );
    const c = makeExport();
    (c['labeling_tasks_data'] as Record<string, unknown>[])[1]!['attribute_id'] = 'gone';
    expectIssue(c, 'labeling_tasks_data[1].attribute_id', /unknown attribute gone/);
    const d = makeExport();
    (d['record_label_association_tokens_data'] as Record<string, unknown>[])[2]!['token_index'] = 5;
    expectIssue(d, 'record_label_association_tokens_data[1]', /not contiguous/);
    const e = makeExport();
    (e['record_label_associations_data'] as Record<string, unknown>[])[1]!['record_id'] = 'r9';
    expectIssue(e, 'record_label_associations_data[1].record_id', /unknown record r9/);
    const f = makeExport();
    (f['terms_data'] as Record<string, unknown>[])[0]!['knowledge_base_id'] = 'kb9';
    expectIssue(f, 'terms_data[0].knowledge_base_id');
  });

  it('tolerates missing optional tables and extra fields', () => {
    const o = makeExport();
    for (const k of [
      'information_sources_data',
      'information_source_payloads_data',
      'information_source_statistics_data',
      'record_label_associations_data',
      'record_label_association_tokens_data',
      'embeddings_data',
      'embedding_tensors_data',
      'data_slice_data',
      'weak_supervision_task_data',
    ]) {
      delete o[k];
    }
    o['comment_data'] = [{ anything: true }];
    const s = parseRefinerySnapshot(bytes(o));
    expect([
      s.associations.length,
      s.heuristics.length,
      s.embeddings.length,
      s.records.length,
    ]).toEqual([0, 0, 0, 2]);
  });
});
