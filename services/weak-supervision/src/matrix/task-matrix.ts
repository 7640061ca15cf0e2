import type { LabelingTask } from '@refinery/contracts';
import { labelMatrixFromVotes, type LabelMatrix, type MultiLabelVote } from '@refinery/label-model';

/**
 * The label state of one task as index-based arrays for the label models: records in the
 * default order, the task's labels in their order, the heuristics (association source ids)
 * sorted. One entry per (record, heuristic, label) heuristic output with its confidence (absent =
 * a confident vote, e.g. a labeling function; active learners give their probability).
 */
export interface TaskMatrix {
  readonly shape: 'votes';
  readonly task: LabelingTask;
  readonly recordIds: readonly string[];
  readonly labelIds: readonly string[];
  readonly heuristicIds: readonly string[];
  readonly votes: readonly MultiLabelVote[];
  /** Valid reference labels: record index -> label indices (one for single-label tasks). */
  readonly reference: ReadonlyMap<number, readonly number[]>;
}

/** The same matrix restricted to some heuristics (ids without outputs are ignored). */
export function selectHeuristics(tm: TaskMatrix, keep: readonly string[] | null): TaskMatrix {
  if (!keep) return tm;
  const wanted = new Set(keep);
  const heuristicIds = tm.heuristicIds.filter((id) => wanted.has(id));
  const remap = new Map(heuristicIds.map((id, i) => [tm.heuristicIds.indexOf(id), i]));
  const votes: MultiLabelVote[] = [];
  for (const v of tm.votes) {
    const h = remap.get(v.heuristic);
    if (h !== undefined) votes.push({ ...v, heuristic: h });
  }
  return { ...tm, heuristicIds, votes };
}

/** Single-label view: a CSR label matrix and record -> class reference labels. */
export function singleLabelView(tm: TaskMatrix): { matrix: LabelMatrix; reference: Map<number, number> } {
  const matrix = labelMatrixFromVotes(
    tm.recordIds.length,
    tm.heuristicIds.length,
    Math.max(1, tm.labelIds.length),
    tm.votes.map((v) => ({ record: v.record, heuristic: v.heuristic, vote: v.label, ...(v.confidence === undefined ? {} : { confidence: v.confidence }) })),
  );
  const reference = new Map<number, number>();
  // A single-label task has at most one valid reference label per record; more means annotators disagree.
  for (const [record, labels] of tm.reference) if (labels.length === 1) reference.set(record, labels[0]!);
  return { matrix, reference };
}

/** Per active learner (heuristic id): the records its last run trained on (from the heuristics service). */
export type LearnerTraining = ReadonlyMap<string, readonly string[]>;

/**
 * Records that may not count as an active learner's support: those it trained on when known
 * (refinery's protocol holds every other labelled record out, and those stay honest support),
 * otherwise every labelled record (a learner named by the caller whose training set is unknown).
 */
export function learnerExclusions(tm: TaskMatrix, activeLearnerSourceIds: readonly string[], training: LearnerTraining = new Map()): Array<ReadonlySet<number> | undefined> {
  const learners = new Set(activeLearnerSourceIds);
  let referenced: ReadonlySet<number> | undefined;
  let rowOf: Map<string, number> | undefined;
  return tm.heuristicIds.map((id) => {
    const trained = training.get(id);
    if (trained) {
      rowOf ??= new Map(tm.recordIds.map((recordId, row) => [recordId, row]));
      const rows = new Set<number>();
      for (const recordId of trained) {
        const row = rowOf.get(recordId);
        if (row !== undefined) rows.add(row);
      }
      return rows;
    }
    if (!learners.has(id)) return undefined;
    referenced ??= new Set(tm.reference.keys());
    return referenced;
  });
}
