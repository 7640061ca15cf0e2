import type { LabelingTask, LabelMatrixPage } from '@refinery/contracts';
import type { HeuristicSpan, MultiLabelVote, Span } from '@refinery/label-model';
import { checkLabelMatrixPage } from './label-matrix-page.js';
import type { TaskData } from './task-data.js';

interface RawVote {
  readonly record: number;
  readonly source: string;
  readonly label: number;
  /** Null: the source gave none (a confident vote). */
  readonly confidence: number | null;
  readonly tokenStart: number;
  readonly tokenEnd: number;
}

/**
 * Collects `records.associations.label-matrix.v1` pages into the task's label state. Each page
 * names its sources and labels in its own dictionaries; here they become one numbering: records
 * in page order, labels in the task's order (outputs of labels deleted meanwhile are skipped),
 * heuristics sorted by id. Extraction pages become token spans, the others votes.
 */
export class TaskDataCollector {
  private readonly extraction: boolean;
  private readonly labelIndex: ReadonlyMap<string, number>;
  private readonly recordIds: string[] = [];
  private readonly votes: RawVote[] = [];
  private readonly reference = new Map<number, number[]>();
  private readonly referenceSpans: Span[] = [];

  constructor(private readonly task: LabelingTask) {
    this.extraction = task.kind === 'EXTRACTION';
    const labels = [...task.labels].sort((a, b) => a.position - b.position);
    this.labelIndex = new Map(labels.map((l, i) => [l.id, i]));
  }

  get records(): number {
    return this.recordIds.length;
  }

  add(page: LabelMatrixPage): void {
    checkLabelMatrixPage(page, this.extraction);
    const offset = this.recordIds.length;
    const labels = page.labels.map((id) => this.labelIndex.get(id));
    for (let i = 0; i < page.recordIds.length; i++) {
      for (let k = page.indptr[i]!; k < page.indptr[i + 1]!; k++) {
        const label = labels[page.voteLabel[k]!];
        if (label === undefined) continue;
        this.votes.push({
          record: offset + i,
          source: page.sources[page.voteSource[k]!]!,
          label,
          confidence: page.voteConfidence[k]!,
          tokenStart: page.voteTokenStart?.[k] ?? -1,
          tokenEnd: page.voteTokenEnd?.[k] ?? -1,
        });
      }
    }
    this.recordIds.push(...page.recordIds);
    page.referenceRecord.forEach((r, k) => {
      const label = labels[page.referenceLabel[k]!];
      if (label === undefined) return;
      const record = offset + r;
      if (this.extraction) {
        this.referenceSpans.push({ record, label, start: page.referenceTokenStart![k]!, end: page.referenceTokenEnd![k]! });
        return;
      }
      const list = this.reference.get(record) ?? [];
      if (!list.includes(label)) list.push(label);
      this.reference.set(record, list);
    });
  }

  build(): TaskData {
    const heuristicIds = [...new Set(this.votes.map((v) => v.source))].sort();
    const heuristicIndex = new Map(heuristicIds.map((id, i) => [id, i]));
    const labelIds = [...this.labelIndex.keys()];
    const common = { task: this.task, recordIds: this.recordIds, labelIds, heuristicIds };
    if (this.extraction) {
      const spans: HeuristicSpan[] = this.votes.map((v) => ({
        record: v.record,
        label: v.label,
        start: v.tokenStart,
        end: v.tokenEnd,
        heuristic: heuristicIndex.get(v.source)!,
        ...(v.confidence === null ? {} : { confidence: v.confidence }),
      }));
      const annotatedRecords = new Set(this.referenceSpans.map((s) => s.record));
      return { shape: 'spans', ...common, spans, reference: { annotatedRecords, spans: this.referenceSpans } };
    }
    const votes: MultiLabelVote[] = this.votes.map((v) => ({
      record: v.record,
      heuristic: heuristicIndex.get(v.source)!,
      label: v.label,
      ...(v.confidence === null ? {} : { confidence: v.confidence }),
    }));
    for (const list of this.reference.values()) list.sort((a, b) => a - b);
    return { shape: 'votes', ...common, votes, reference: this.reference };
  }
}
