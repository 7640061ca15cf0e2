import type { LabelingTask, LabelMatrixPage, TaskKind } from '@refinery/contracts';
import { TaskDataCollector } from '../matrix/task-data-collector.js';
import type { TaskData } from '../matrix/task-data.js';

/** A task with labels l0, l1, … in order (ids = names). */
export function taskOf(kind: TaskKind, labels: string[], id = 't'): LabelingTask {
  return { id, name: id, kind, attributeId: kind === 'EXTRACTION' ? 'headline' : null, labels: labels.map((name, position) => ({ id: name, taskId: id, name, color: '#000000', hotkey: null, position })) };
}

/**
 * One record of a label-matrix page: votes `source|label`, optionally `@confidence` and (extraction)
 * `#start-end` inclusive tokens, e.g. `lookup|city@0.7#0-1`; reference labels `label` or `label#start-end`.
 */
export interface RowSpec {
  readonly id: string;
  readonly votes?: readonly string[];
  readonly reference?: readonly string[];
}

export function rowOf(id: string, votes: readonly string[] = [], reference: readonly string[] = []): RowSpec {
  return { id, votes, reference };
}

/** A label-matrix page as records sends it: dictionaries of sources and labels in order of appearance. */
export function pageOf(rows: readonly RowSpec[], extra: Partial<LabelMatrixPage> = {}): LabelMatrixPage {
  const sources: string[] = [];
  const labels: string[] = [];
  const indexIn = (list: string[], value: string): number => {
    const at = list.indexOf(value);
    return at >= 0 ? at : list.push(value) - 1;
  };
  const page: LabelMatrixPage = {
    generation: 1,
    total: rows.length,
    nextAfterSeq: null,
    recordIds: rows.map((r) => r.id),
    sources,
    labels,
    indptr: [0],
    voteSource: [],
    voteLabel: [],
    voteConfidence: [],
    referenceRecord: [],
    referenceLabel: [],
  };
  const spans = rows.some((r) => [...(r.votes ?? []), ...(r.reference ?? [])].some((v) => v.includes('#')));
  const tokens = { voteTokenStart: [] as number[], voteTokenEnd: [] as number[], referenceTokenStart: [] as number[], referenceTokenEnd: [] as number[] };
  rows.forEach((row, i) => {
    for (const vote of row.votes ?? []) {
      const [head = '', range] = vote.split('#');
      const [by = '', confidence] = head.split('@');
      const cut = by.lastIndexOf('|');
      page.voteSource.push(indexIn(sources, by.slice(0, cut)));
      page.voteLabel.push(indexIn(labels, by.slice(cut + 1)));
      page.voteConfidence.push(confidence === undefined ? null : Number(confidence));
      const [s = -1, e = -1] = (range ?? '').split('-').map(Number);
      tokens.voteTokenStart.push(s);
      tokens.voteTokenEnd.push(e);
    }
    page.indptr.push(page.voteSource.length);
    for (const ref of row.reference ?? []) {
      const [label = '', range] = ref.split('#');
      page.referenceRecord.push(i);
      page.referenceLabel.push(indexIn(labels, label));
      const [s = -1, e = -1] = (range ?? '').split('-').map(Number);
      tokens.referenceTokenStart.push(s);
      tokens.referenceTokenEnd.push(e);
    }
  });
  return { ...page, ...(spans ? tokens : {}), ...extra };
}

/** The task data collected from pages of rows. */
export function dataOf(task: LabelingTask, ...pages: (readonly RowSpec[])[]): TaskData {
  const collector = new TaskDataCollector(task);
  for (const rows of pages) collector.add(pageOf(rows));
  return collector.build();
}
