import type { LabelingTask, RecordView } from '@refinery/contracts';
import { labelMatrixFromVotes, type LabelMatrix, type MultiLabelVote } from '@refinery/label-model';

/**
 * The label state of one task as index-based arrays for the label models: records in the
 * default order, the task's labels in their order, the heuristics (association source ids)
 * sorted. One entry per (record, heuristic, label) heuristic output; confidences are not in the
 * records' label summaries, so every vote counts with confidence 1 (see the README).
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

/** Collects record pages into a TaskMatrix; outputs of unknown labels (deleted meanwhile) are skipped. */
export class TaskMatrixBuilder {
  private readonly labelIndex: ReadonlyMap<string, number>;
  private readonly recordIds: string[] = [];
  private readonly raw: { record: number; sourceId: string; label: number }[] = [];
  private readonly reference = new Map<number, number[]>();

  constructor(private readonly task: LabelingTask) {
    const labels = [...task.labels].sort((a, b) => a.position - b.position);
    this.labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  }

  add(records: readonly RecordView[]): void {
    for (const r of records) {
      const record = this.recordIds.length;
      this.recordIds.push(r.id);
      const summary = r.labels[this.task.id];
      if (!summary) continue;
      for (const by of summary.heuristicBy) {
        const cut = by.lastIndexOf('|');
        const label = this.labelIndex.get(by.slice(cut + 1));
        if (cut <= 0 || label === undefined) continue;
        this.raw.push({ record, sourceId: by.slice(0, cut), label });
      }
      const refs = summary.reference.map((id) => this.labelIndex.get(id)).filter((l): l is number => l !== undefined);
      if (refs.length) this.reference.set(record, refs.sort((a, b) => a - b));
    }
  }

  build(): TaskMatrix {
    const heuristicIds = [...new Set(this.raw.map((v) => v.sourceId))].sort();
    const heuristicIndex = new Map(heuristicIds.map((id, i) => [id, i]));
    const labelIds = [...this.labelIndex.keys()];
    return {
      shape: 'votes',
      task: this.task,
      recordIds: this.recordIds,
      labelIds,
      heuristicIds,
      votes: this.raw.map((v) => ({ record: v.record, heuristic: heuristicIndex.get(v.sourceId)!, label: v.label })),
      reference: this.reference,
    };
  }
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
    if (h !== undefined) votes.push({ record: v.record, heuristic: h, label: v.label });
  }
  return { ...tm, heuristicIds, votes };
}

/** Single-label view: a CSR label matrix and record -> class reference labels. */
export function singleLabelView(tm: TaskMatrix): { matrix: LabelMatrix; reference: Map<number, number> } {
  const matrix = labelMatrixFromVotes(
    tm.recordIds.length,
    tm.heuristicIds.length,
    Math.max(1, tm.labelIds.length),
    tm.votes.map((v) => ({ record: v.record, heuristic: v.heuristic, vote: v.label })),
  );
  const reference = new Map<number, number>();
  // A single-label task has at most one valid reference label per record; more means annotators disagree.
  for (const [record, labels] of tm.reference) if (labels.length === 1) reference.set(record, labels[0]!);
  return { matrix, reference };
}

/** Active learners train on the labelled records, so none of them may count as their support. */
export function learnerExclusions(tm: TaskMatrix, activeLearnerSourceIds: readonly string[]): Array<ReadonlySet<number> | undefined> {
  const learners = new Set(activeLearnerSourceIds);
  const referenced = new Set(tm.reference.keys());
  return tm.heuristicIds.map((id) => (learners.has(id) ? referenced : undefined));
}
