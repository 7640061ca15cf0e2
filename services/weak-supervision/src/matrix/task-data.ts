import { selectSpanHeuristics, type SpanMatrix } from './span-matrix.js';
import { selectHeuristics, type TaskMatrix } from './task-matrix.js';

/** A task's label state: votes (classification tasks) or token spans (extraction tasks). */
export type TaskData = TaskMatrix | SpanMatrix;

/** Restricts either shape to the chosen heuristics (null = all). */
export function selectTaskHeuristics(data: TaskData, keep: readonly string[] | null): TaskData {
  return data.shape === 'votes' ? selectHeuristics(data, keep) : selectSpanHeuristics(data, keep);
}

/** Records with a valid reference label (classification) or reference spans (extraction). */
export function referenceRecordCount(data: TaskData): number {
  return data.shape === 'votes' ? data.reference.size : data.reference.annotatedRecords.size;
}
