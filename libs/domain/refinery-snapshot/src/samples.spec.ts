import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRefinerySnapshot } from './parse.js';
import { resolveSpans, spanAlignmentReport } from './spans.js';
import type { RefinerySnapshot, SnapshotAssociation } from './types.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('nx.json not found above the spec');
    dir = up;
  }
  return dir;
}
const samplesDir = resolve(
  process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(repoRoot(), '../shared/data'),
  'refinery-samples',
);
const cache = new Map<string, RefinerySnapshot>();
const load = (name: string): RefinerySnapshot => {
  let s = cache.get(name);
  if (!s) {
    s = parseRefinerySnapshot(readFileSync(resolve(samplesDir, `${name}.zip`)));
    cache.set(name, s);
  }
  return s;
};

interface Counts {
  manualClassification: number;
  manualSpans: number;
  heuristicOutputs: number;
  weakSupervision: number;
}
function counts(s: RefinerySnapshot): Counts {
  const c = (f: (a: SnapshotAssociation) => boolean): number => s.associations.filter(f).length;
  return {
    manualClassification: c((a) => a.source === 'MANUAL' && a.span === undefined),
    manualSpans: c((a) => a.source === 'MANUAL' && a.span !== undefined),
    heuristicOutputs: c((a) => a.source === 'HEURISTIC'),
    weakSupervision: c((a) => a.source === 'WEAK_SUPERVISION'),
  };
}
const taskSummary = (s: RefinerySnapshot) =>
  s.tasks.map((t) => ({
    name: t.name,
    type: t.type,
    target: t.targetAttribute,
    labels: t.labels.map((l) => l.name).sort(),
  }));

describe('refinery sample snapshots (shared data)', () => {
  it('clickbait – initial: 3,000 records, clickbait (yes/no) and indicators (extraction on headline), nothing labelled', () => {
    const s = load('clickbait_initial');
    expect(s.project.name).toBe('Clickbait');
    expect(s.project.tokenizer).toBe('en_core_web_sm');
    expect(s.records).toHaveLength(3000);
    expect(s.attributes.map((a) => [a.name, a.dataType, a.isPrimaryKey])).toEqual([
      ['running_id', 'INTEGER', true],
      ['headline', 'TEXT', false],
    ]);
    expect(taskSummary(s)).toEqual([
      { name: 'clickbait', type: 'classification', target: null, labels: ['no', 'yes'] },
      {
        name: 'indicators',
        type: 'extraction',
        target: 'headline',
        labels: ['clickbait_expression', 'country_related'],
      },
    ]);
    expect(s.associations).toHaveLength(0);
    expect(s.heuristics).toHaveLength(0);
    expect(s.embeddings).toHaveLength(0);
    expect(s.lookupLists.map((l) => [l.name, l.terms.length])).toEqual([
      ['clickbait_expression', 0],
      ['country_related', 0],
    ]);
    expect(s.records[0]!.data).toEqual({
      headline: expect.any(String),
      running_id: expect.any(Number),
    });
  });

  it('clickbait (full): 83 manual labels, 40 manual spans, 5 heuristics with outputs, weak supervision, 3,000 × 64 vectors', () => {
    const s = load('clickbait');
    expect(s.records).toHaveLength(3000);
    expect(counts(s)).toEqual({
      manualClassification: 83,
      manualSpans: 40,
      heuristicOutputs: 7119,
      weakSupervision: 3000,
    });
    // every manual span belongs to the extraction task, every classification label to "clickbait"
    const ext = s.tasks.find((t) => t.name === 'indicators')!;
    expect(s.associations.filter((a) => a.span).every((a) => a.taskId === ext.id)).toBe(true);

    expect(s.heuristics.map((h) => [h.name, h.type]).sort()).toEqual([
      ['DistilbertLR', 'ACTIVE_LEARNING'],
      ['DistilbertTree', 'ACTIVE_LEARNING'],
      ['lkp_clickbait_expression', 'LABELING_FUNCTION'],
      ['lkp_country_related', 'LABELING_FUNCTION'],
      ['starts_with_digit', 'LABELING_FUNCTION'],
    ]);
    const outputs = Object.fromEntries(
      s.heuristics.map((h) => [h.name, s.associations.filter((a) => a.sourceId === h.id).length]),
    );
    expect(outputs).toEqual({
      lkp_country_related: 722,
      DistilbertLR: 2358,
      lkp_clickbait_expression: 457,
      starts_with_digit: 582,
      DistilbertTree: 3000,
    });
    expect(s.heuristics.every((h) => h.runs.length === 1 && h.runs[0]!.state === 'FINISHED')).toBe(
      true,
    );
    expect(s.heuristics.find((h) => h.name === 'lkp_country_related')!.code).toContain(
      'from knowledge import country_related',
    );

    // weak supervision: one label per record with a confidence, produced by one finished run
    const ws = s.associations.filter((a) => a.source === 'WEAK_SUPERVISION');
    expect(new Set(ws.map((a) => a.recordId)).size).toBe(3000);
    expect(
      ws.every((a) => a.confidence !== undefined && a.confidence > 0 && a.confidence <= 1),
    ).toBe(true);
    expect(
      s.weakSupervisionRuns.map((r) => [r.state, r.heuristicNames.length, r.resultCount]),
    ).toEqual([['FINISHED', 5, 3000]]);
    // no gold stars are set in this export (is_gold_star is null everywhere)
    expect(s.associations.filter((a) => a.isGold)).toHaveLength(0);

    expect(s.lookupLists.map((l) => [l.name, l.terms.length])).toEqual([
      ['clickbait_expression', 17],
      ['country_related', 22],
    ]);
    expect(s.slices).toHaveLength(0);

    expect(s.embeddings).toHaveLength(1);
    const e = s.embeddings[0]!;
    expect([e.name, e.attribute, e.level, e.type, e.dimension]).toEqual([
      'headline-classification-distilbert-base-uncased',
      'headline',
      'classification',
      'ON_ATTRIBUTE',
      64,
    ]);
    expect(e.vectors).toHaveLength(3000);
    expect(new Set(e.vectors!.map((v) => v.recordId)).size).toBe(3000);
    expect(e.vectors!.every((v) => v.vector.length === 64 && v.vector.some((x) => x !== 0))).toBe(
      true,
    );
  });

  it('clickbait (full): manual spans resolve to the expected headline words', () => {
    const s = load('clickbait');
    const spans = resolveSpans(s);
    expect(spans).toHaveLength(40);
    const byRunningId = new Map(s.records.map((r) => [r.id, r.data['running_id']]));
    const found = spans
      .map((x) => `${String(byRunningId.get(x.recordId))}:${x.labelName}:${x.text ?? '<none>'}`)
      .sort();
    // checked against spaCy 3.8's English tokenizer on the same headlines
    expect(found).toEqual(
      expect.arrayContaining([
        '54:country_related:U.S.',
        '13:country_related:Europe',
        '13:country_related:EU',
        '82:country_related:New Zealand',
        "61:clickbait_expression:Here's What",
        '12:clickbait_expression:How Well Do You',
        '15:clickbait_expression:You Need To Know',
        '21:clickbait_expression:Will Make You',
      ]),
    );
    expect(spanAlignmentReport(s)).toEqual({ spans: 40, inRange: 40, clean: 40, rate: 1 });
  });

  it('ag_news (full): counts, slices and spans that cross a double space', () => {
    const s = load('ag_news');
    expect(s.records).toHaveLength(3000);
    expect(taskSummary(s).map((t) => [t.name, t.type, t.target, t.labels.join('/')])).toEqual([
      ['topic', 'classification', null, 'business/sci_tech/sports/world'],
      ['indicators', 'extraction', 'headline', 'business/sci_tech/sports/world'],
    ]);
    expect(counts(s)).toEqual({
      manualClassification: 123,
      manualSpans: 111,
      heuristicOutputs: 4197,
      weakSupervision: 2818,
    });
    expect(s.heuristics).toHaveLength(6);
    expect(s.weakSupervisionRuns).toHaveLength(11);
    expect(s.lookupLists.reduce((n, l) => n + l.terms.length, 0)).toBe(115);
    expect(s.slices.map((x) => [x.name, x.isStatic, x.recordIds.length])).toEqual([
      ['high_confidence', true, 605],
      ['random_unlabeled', false, 0],
    ]);
    expect(s.embeddings[0]!.vectors).toHaveLength(3000);
    const report = spanAlignmentReport(s);
    expect(report).toEqual({ spans: 111, inRange: 111, clean: 111, rate: 1 });
    // "... a new tax  break." -> the span's spaCy indices include the whitespace token between the words
    expect(resolveSpans(s).map((x) => x.text)).toContain('tax  break');
  });

  it('conversational_ai (full and initial): counts', () => {
    const s = load('conversational_ai');
    expect(s.records).toHaveLength(1800);
    expect(s.tasks.map((t) => [t.name, t.type, t.targetAttribute, t.labels.length])).toEqual([
      ['intent', 'classification', null, 11],
      ['intent_indicator', 'extraction', 'text', 12],
    ]);
    expect(counts(s)).toEqual({
      manualClassification: 250,
      manualSpans: 59,
      heuristicOutputs: 2931,
      weakSupervision: 1619,
    });
    expect(s.heuristics.filter((h) => h.type === 'LABELING_FUNCTION')).toHaveLength(11);
    expect(s.heuristics.filter((h) => h.type === 'ACTIVE_LEARNING')).toHaveLength(1);
    expect(s.embeddings.map((e) => [e.attribute, e.dimension, e.vectors?.length])).toEqual([
      ['text', 64, 1800],
    ]);
    expect(spanAlignmentReport(s).rate).toBe(1);

    const initial = load('conversational_ai_initial');
    expect(initial.records).toHaveLength(1800);
    expect(initial.associations).toHaveLength(0);
    // the initial export still carries the weak-supervision run history (4 runs, no results)
    expect(initial.weakSupervisionRuns).toHaveLength(4);
  });

  it('ag_news – initial: 3,000 records, no labels', () => {
    const s = load('ag_news_initial');
    expect(s.records).toHaveLength(3000);
    expect(s.associations).toHaveLength(0);
    expect(s.lookupLists).toHaveLength(4);
  });

  it('no sample carries spaCy docs or token statistics', () => {
    for (const name of ['clickbait_initial', 'clickbait', 'ag_news', 'conversational_ai']) {
      expect(load(name).tokenization).toEqual({
        tokenizer: 'en_core_web_sm',
        tokenStatisticsRows: 0,
      });
    }
  });
});
