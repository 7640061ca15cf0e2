import type { LabelAssociation, LabelingTask, ReferenceLabels, TextTokens } from '@refinery/contracts';
import type { ExtractionReference, HeuristicSpan, Span } from '@refinery/label-model';

/**
 * The label state of an extraction task at token level: heuristic spans and the valid reference
 * spans of the records that have any, as inclusive token ranges (what the label model's span
 * functions take), with each record's token offsets to map results back to characters.
 */
export interface SpanMatrix {
  readonly shape: 'spans';
  readonly task: LabelingTask;
  /** Every record of the project (default order); spans refer to indices here. */
  readonly recordIds: readonly string[];
  readonly labelIds: readonly string[];
  readonly heuristicIds: readonly string[];
  readonly spans: readonly HeuristicSpan[];
  readonly reference: ExtractionReference;
  /** Token offsets of the task's attribute, for records with spans. */
  readonly tokens: ReadonlyMap<number, TextTokens>;
}

/** One record's visible associations and reference labels (`records.associations.list`) with its tokens. */
export interface RecordSpans {
  readonly index: number;
  readonly associations: readonly LabelAssociation[];
  readonly reference: readonly ReferenceLabels[];
  readonly tokens: TextTokens;
}

/** Inclusive token range covered by the character range [start, end), or null when it covers no token. */
export function tokenRange(tokens: TextTokens, start: number, end: number): { start: number; end: number } | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < tokens.starts.length; i++) {
    if (tokens.ends[i]! <= start || tokens.starts[i]! >= end) continue;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? null : { start: first, end: last };
}

/** Character range [start, end) of an inclusive token range. */
export function charRange(tokens: TextTokens, span: { start: number; end: number }): { start: number; end: number } {
  const start = tokens.starts[span.start];
  const end = tokens.ends[span.end];
  if (start === undefined || end === undefined) throw new RangeError(`token range [${span.start}, ${span.end}] is outside the record's ${tokens.starts.length} tokens`);
  return { start, end };
}

/** Builds the span matrix; associations of other sources, tasks or unknown labels are ignored. */
export function spanMatrix(task: LabelingTask, recordIds: readonly string[], records: readonly RecordSpans[]): SpanMatrix {
  const labels = [...task.labels].sort((a, b) => a.position - b.position);
  const labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  const raw: { sourceId: string; span: Span }[] = [];
  const referenceSpans: Span[] = [];
  const annotated = new Set<number>();
  const tokens = new Map<number, TextTokens>();
  for (const r of records) {
    tokens.set(r.index, r.tokens);
    for (const a of r.associations) {
      const label = labelIndex.get(a.labelId);
      if (a.source !== 'HEURISTIC' || a.taskId !== task.id || !a.sourceId || label === undefined || a.start === null || a.end === null) continue;
      const range = tokenRange(r.tokens, a.start, a.end);
      if (range) raw.push({ sourceId: a.sourceId, span: { record: r.index, label, ...range, confidence: a.confidence ?? 1 } });
    }
    for (const ref of r.reference.filter((x) => x.taskId === task.id)) {
      for (const s of ref.spans) {
        const label = labelIndex.get(s.labelId);
        const range = label === undefined ? null : tokenRange(r.tokens, s.start, s.end);
        if (label === undefined || !range) continue;
        referenceSpans.push({ record: r.index, label, ...range });
        annotated.add(r.index);
      }
    }
  }
  const heuristicIds = [...new Set(raw.map((x) => x.sourceId))].sort();
  const heuristicIndex = new Map(heuristicIds.map((id, i) => [id, i]));
  return {
    shape: 'spans',
    task,
    recordIds,
    labelIds: labels.map((l) => l.id),
    heuristicIds,
    spans: raw.map((x) => ({ ...x.span, heuristic: heuristicIndex.get(x.sourceId)! })),
    reference: { annotatedRecords: annotated, spans: referenceSpans },
    tokens,
  };
}

/** The same matrix restricted to some heuristics, renumbered. */
export function selectSpanHeuristics(sm: SpanMatrix, keep: readonly string[] | null): SpanMatrix {
  if (!keep) return sm;
  const wanted = new Set(keep);
  const heuristicIds = sm.heuristicIds.filter((id) => wanted.has(id));
  const remap = new Map(heuristicIds.map((id, i) => [sm.heuristicIds.indexOf(id), i]));
  const spans = sm.spans.flatMap((s) => {
    const h = remap.get(s.heuristic);
    return h === undefined ? [] : [{ ...s, heuristic: h }];
  });
  return { ...sm, heuristicIds, spans };
}
