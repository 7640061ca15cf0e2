// The document shape the compiled queries run against: one document per record (and generation)
// in the records service's collection. Flat arrays of strings only (FerretDB has no nested
// arrays); everything a filter or an order needs is precomputed at write time so no query needs
// `$expr` or aggregation expressions (FerretDB 1.x implements almost none).

/** A stored attribute value (EMBEDDING_LIST values are string arrays and are not queryable). */
export type AttributeValue = string | number | boolean | null | readonly string[];

/** Denormalized label state of one record for one labeling task. */
export interface TaskLabelSummary {
  /** Label ids set manually by any annotator (a set). */
  readonly manual: readonly string[];
  /** `userId|labelId` for every manual label. */
  readonly manualBy: readonly string[];
  /** Gold (reference) label ids set by a reviewer. */
  readonly gold: readonly string[];
  /** The valid reference labels (gold, else agreeing manual labels — the records service's rule). */
  readonly reference: readonly string[];
  /** Label ids predicted by any heuristic (a set). */
  readonly heuristics: readonly string[];
  /** `heuristicId|labelId` for every heuristic output. */
  readonly heuristicBy: readonly string[];
  /** Number of distinct heuristics with an output: "any heuristic predicted" is `> 0`. */
  readonly heuristicCount: number;
  /** The heuristics predicted at least two different labels. */
  readonly disagree: boolean;
  /** Weak-supervision label ids (one for single-label tasks). */
  readonly weakSupervision: readonly string[];
  readonly weakSupervisionConfidence: number | null;
}

export interface RecordDocument {
  readonly _id: string;
  readonly projectId: string;
  readonly generation: number;
  /** Position in upload order, unique per project: the default order. */
  readonly seq: number;
  /** The primary-key value (or the id) as text. */
  readonly key: string;
  /** Uniform [0, 1) key for seeded random order: `randomKeyFor(_id)`. */
  readonly rnd: number;
  /** By attribute name (names contain no "." and do not start with "$"). */
  readonly data: Readonly<Record<string, AttributeValue>>;
  /** By labeling-task id; a missing task counts as an empty summary. */
  readonly labels: Readonly<Record<string, TaskLabelSummary>>;
  readonly commentCount: number;
}

/** Separator of the pair fields (`manualBy`, `heuristicBy`); ids are UUIDs, which never contain it. */
export const PAIR_SEPARATOR = '|';

export function pairKey(ownerId: string, labelId: string): string {
  return `${ownerId}${PAIR_SEPARATOR}${labelId}`;
}

export const EMPTY_TASK_SUMMARY: TaskLabelSummary = Object.freeze({
  manual: [],
  manualBy: [],
  gold: [],
  reference: [],
  heuristics: [],
  heuristicBy: [],
  heuristicCount: 0,
  disagree: false,
  weakSupervision: [],
  weakSupervisionConfidence: null,
});

export interface TaskLabelInputs {
  readonly manual?: readonly { readonly userId: string; readonly labelId: string }[];
  readonly gold?: readonly string[];
  readonly reference?: readonly string[];
  readonly heuristics?: readonly { readonly heuristicId: string; readonly labelId: string }[];
  readonly weakSupervision?: readonly string[];
  readonly weakSupervisionConfidence?: number | null;
}

const distinct = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/**
 * Builds a task summary from the association state, so the records service stores exactly what
 * the filters expect (sets sorted, counters and the disagreement flag derived).
 */
export function summarizeTaskLabels(input: TaskLabelInputs): TaskLabelSummary {
  const manual = input.manual ?? [];
  const heuristics = input.heuristics ?? [];
  const heuristicLabels = distinct(heuristics.map((h) => h.labelId));
  return {
    manual: distinct(manual.map((m) => m.labelId)),
    manualBy: distinct(manual.map((m) => pairKey(m.userId, m.labelId))),
    gold: distinct(input.gold ?? []),
    reference: distinct(input.reference ?? []),
    heuristics: heuristicLabels,
    heuristicBy: distinct(heuristics.map((h) => pairKey(h.heuristicId, h.labelId))),
    heuristicCount: new Set(heuristics.map((h) => h.heuristicId)).size,
    disagree: heuristicLabels.length >= 2,
    weakSupervision: distinct(input.weakSupervision ?? []),
    weakSupervisionConfidence: input.weakSupervisionConfidence ?? null,
  };
}
