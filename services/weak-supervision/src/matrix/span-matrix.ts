import type { LabelingTask, TextTokens } from '@refinery/contracts';
import type { ExtractionReference, HeuristicSpan } from '@refinery/label-model';

/**
 * The label state of an extraction task at token level: heuristic spans (with their confidences)
 * and the valid reference spans of the records that have any, as inclusive token ranges of the
 * task's attribute (what the label model's span functions take).
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
}

/** Character range [start, end) of an inclusive token range. */
export function charRange(tokens: TextTokens, span: { start: number; end: number }): { start: number; end: number } {
  const start = tokens.starts[span.start];
  const end = tokens.ends[span.end];
  if (start === undefined || end === undefined) throw new RangeError(`token range [${span.start}, ${span.end}] is outside the record's ${tokens.starts.length} tokens`);
  return { start, end };
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
