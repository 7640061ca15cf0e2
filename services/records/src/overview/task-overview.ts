import { OUTSIDE, type TaskKind, type TaskOverview, type TextTokens } from '@refinery/contracts';
import { referenceLabels } from '../associations/reference-labels.js';
import type { StoredAssociation } from '../store/project-state.js';

/** One record's associations of the task (and, for extraction, its tokens). */
export interface OverviewRecord {
  associations: readonly StoredAssociation[];
  tokens?: TextTokens | undefined;
}

export const GOLD_ANNOTATOR = 'gold';
const BINS = 10;
const NO_REFERENCE = { labelIds: [] as string[], spans: [] as { labelId: string; start: number; end: number }[] };

/**
 * The overview of one task over a set of records (pure): reference vs weak-supervision counts
 * and distributions, the confidence histogram and percentiles, the confusion matrix (token-level
 * with an OUTSIDE class for extraction) and the inter-annotator agreement matrix.
 */
export function taskOverview(taskId: string, kind: TaskKind, labelIds: readonly string[], records: Iterable<OverviewRecord>): TaskOverview {
  const extraction = kind === 'EXTRACTION';
  const classes = extraction ? [...labelIds, OUTSIDE] : [...labelIds];
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const matrix = classes.map(() => classes.map(() => 0));
  const distribution = new Map(labelIds.map((l) => [l, { reference: 0, weakSupervision: 0 }]));
  const confidences: number[] = [];
  const annotatorMarks: Map<string, string>[] = [];
  let total = 0;
  let withReference = 0;
  let withWeakSupervision = 0;

  for (const record of records) {
    total++;
    if (!record.associations.length) continue;
    const manual: StoredAssociation[] = [];
    const gold: StoredAssociation[] = [];
    const ws: StoredAssociation[] = [];
    for (const a of record.associations) {
      if (a.source === 'MANUAL') manual.push(a);
      else if (a.source === 'GOLD') gold.push(a);
      else if (a.source === 'WEAK_SUPERVISION') ws.push(a);
    }
    // Most records carry machine labels only: no reference and no annotators to compare.
    const reference = manual.length || gold.length ? referenceLabels(kind, manual, gold) : NO_REFERENCE;
    const hasReference = extraction ? reference.spans.length > 0 : reference.labelIds.length > 0;
    if (hasReference) withReference++;
    if (ws.length) withWeakSupervision++;
    for (const a of ws) if (a.confidence !== null) confidences.push(a.confidence);
    if (extraction) {
      for (const s of reference.spans) bump(distribution, s.labelId, 'reference');
      for (const a of ws) bump(distribution, a.labelId, 'weakSupervision');
      if (hasReference && record.tokens) {
        const gold = tokenClasses(record.tokens, reference.spans);
        const predicted = tokenClasses(record.tokens, ws.flatMap((a) => (a.start === null || a.end === null ? [] : [{ labelId: a.labelId, start: a.start, end: a.end }])));
        gold.forEach((g, i) => {
          const row = classIndex.get(g);
          const col = classIndex.get(predicted[i] ?? OUTSIDE);
          if (row !== undefined && col !== undefined) inc(matrix, row, col);
        });
      }
    } else {
      for (const l of reference.labelIds) bump(distribution, l, 'reference');
      for (const a of ws) bump(distribution, a.labelId, 'weakSupervision');
      if (hasReference && ws.length) {
        for (const r of reference.labelIds) {
          for (const a of ws) {
            const row = classIndex.get(r);
            const col = classIndex.get(a.labelId);
            if (row !== undefined && col !== undefined) inc(matrix, row, col);
          }
        }
      }
    }
    if (manual.length || gold.length) annotatorMarks.push(marksByAnnotator(manual, gold));
  }

  return {
    taskId,
    records: total,
    withReference,
    withWeakSupervision,
    distribution: labelIds.map((labelId) => ({ labelId, ...(distribution.get(labelId) ?? { reference: 0, weakSupervision: 0 }) })),
    confidence: { histogram: histogram(confidences), percentiles: percentiles(confidences) },
    confusion: { classes, matrix },
    agreement: agreement(annotatorMarks),
  };
}

function bump(d: Map<string, { reference: number; weakSupervision: number }>, labelId: string, field: 'reference' | 'weakSupervision'): void {
  const entry = d.get(labelId);
  if (entry) entry[field]++;
}

/** The class of every token: the label of the first span covering it, else OUTSIDE. */
function tokenClasses(tokens: TextTokens, spans: readonly { labelId: string; start: number; end: number }[]): string[] {
  return tokens.starts.map((s, i) => {
    const e = tokens.ends[i] ?? s;
    return spans.find((sp) => sp.start < e && sp.end > s)?.labelId ?? OUTSIDE;
  });
}

/** Per annotator (and gold) of one record: a canonical text of the labels (spans) they set. */
function marksByAnnotator(manual: readonly StoredAssociation[], gold: readonly StoredAssociation[]): Map<string, string> {
  const sets = new Map<string, string[]>();
  const add = (who: string, a: StoredAssociation) => {
    const list = sets.get(who) ?? [];
    list.push(a.start === null ? a.labelId : `${a.labelId}:${a.start}:${a.end}`);
    sets.set(who, list);
  };
  for (const a of manual) add(a.userId ?? '', a);
  for (const a of gold) add(GOLD_ANNOTATOR, a);
  return new Map([...sets].map(([who, marks]) => [who, [...new Set(marks)].sort().join(',')]));
}

function agreement(records: readonly Map<string, string>[]): TaskOverview['agreement'] {
  const names = [...new Set(records.flatMap((r) => [...r.keys()]))].sort((a, b) => (a === GOLD_ANNOTATOR ? 1 : b === GOLD_ANNOTATOR ? -1 : a < b ? -1 : 1));
  const index = new Map(names.map((n, i) => [n, i]));
  const both = names.map(() => names.map(() => 0));
  const agree = names.map(() => names.map(() => 0));
  for (const r of records) {
    for (const [u, mu] of r) {
      for (const [v, mv] of r) {
        const i = index.get(u);
        const j = index.get(v);
        if (i === undefined || j === undefined) continue;
        inc(both, i, j);
        if (mu === mv) inc(agree, i, j);
      }
    }
  }
  return { annotators: names, both, agree };
}

function histogram(values: readonly number[]): TaskOverview['confidence']['histogram'] {
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor(v * BINS)));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ from: i / BINS, to: (i + 1) / BINS, count }));
}

function percentiles(values: readonly number[]): TaskOverview['confidence']['percentiles'] {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p10: at(0.1), p25: at(0.25), p50: at(0.5), p75: at(0.75), p90: at(0.9) };
}

function inc(m: number[][], i: number, j: number): void {
  const row = m[i];
  if (row) row[j] = (row[j] ?? 0) + 1;
}
