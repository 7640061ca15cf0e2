import { Inject, Injectable } from '@nestjs/common';
import type { LabelingTask } from '@refinery/contracts';
import { invalid } from '../shared/errors.js';
import { RecordsClient } from '../shared/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { spanMatrix, type RecordSpans, type SpanMatrix } from './span-matrix.js';
import type { TaskData } from './task-data.js';
import { TaskMatrixBuilder, type TaskMatrix } from './task-matrix.js';

/** Records whose spans are fetched at once (each costs two requests to records). */
const SPAN_CONCURRENCY = 8;

/** Reads a task's label state from the records service, page by page. */
@Injectable()
export class TaskMatrixReader {
  constructor(@Inject(RecordsClient) private readonly records: RecordsClient) {}

  read(scope: ProjectScope, task: LabelingTask, onPage?: (done: number, total: number) => Promise<void>): Promise<TaskData> {
    return task.kind === 'EXTRACTION' ? this.readSpans(scope, task, onPage) : this.readVotes(scope, task, onPage);
  }

  private async readVotes(scope: ProjectScope, task: LabelingTask, onPage?: (done: number, total: number) => Promise<void>): Promise<TaskMatrix> {
    const builder = new TaskMatrixBuilder(task);
    let done = 0;
    for await (const page of this.records.recordPages(scope)) {
      builder.add(page.records);
      done += page.records.length;
      await onPage?.(done, Math.max(done, page.total));
    }
    return builder.build();
  }

  /**
   * The label summaries say which records have heuristic spans or reference spans of the task;
   * only those are read one by one (associations and tokens). A compact span read on the records
   * side would replace this (see the README).
   */
  private async readSpans(scope: ProjectScope, task: LabelingTask, onPage?: (done: number, total: number) => Promise<void>): Promise<SpanMatrix> {
    if (!task.attributeId) throw invalid('taskId', `extraction task "${task.name}" has no attribute`);
    const attribute = await this.records.attributeName(scope, task.attributeId);
    const recordIds: string[] = [];
    const wanted: number[] = [];
    let total = 0;
    for await (const page of this.records.recordPages(scope)) {
      for (const r of page.records) {
        const summary = r.labels[task.id];
        if (summary && (summary.heuristicBy.length || summary.reference.length)) wanted.push(recordIds.length);
        recordIds.push(r.id);
      }
      total = Math.max(recordIds.length, page.total);
      await onPage?.(recordIds.length, total + wanted.length);
    }
    const spans: RecordSpans[] = [];
    for (let from = 0; from < wanted.length; from += SPAN_CONCURRENCY) {
      const batch = await Promise.all(
        wanted.slice(from, from + SPAN_CONCURRENCY).map(async (index) => {
          const recordId = recordIds[index]!;
          const [labels, tokens] = await Promise.all([this.records.associationsOf(scope, recordId, task.id), this.records.tokensOf(scope, recordId, attribute)]);
          return { index, associations: labels.associations, reference: labels.reference, tokens };
        }),
      );
      spans.push(...batch);
      await onPage?.(recordIds.length + spans.length, total + wanted.length);
    }
    return spanMatrix(task, recordIds, spans);
  }
}
