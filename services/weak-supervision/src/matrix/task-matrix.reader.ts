import { Inject, Injectable } from '@nestjs/common';
import type { LabelingTask, TextTokens } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { invalid } from '../shared/errors.js';
import { RecordsClient } from '../shared/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { TaskData } from './task-data.js';
import { TaskDataCollector } from './task-data-collector.js';

/** Reads of a matrix restarted because records were rewritten meanwhile, before giving up. */
const GENERATION_RETRIES = 2;
/** Records whose tokens are fetched at once when weak spans go back to characters. */
const TOKEN_CONCURRENCY = 8;

/** Reads a task's label state from the records service (`records.associations.label-matrix.v1`). */
@Injectable()
export class TaskMatrixReader {
  constructor(@Inject(RecordsClient) private readonly records: RecordsClient) {}

  /**
   * Every page of the task's label matrix. The pages of one read must come from one records
   * generation: when records are rewritten in between (an upload, a deletion), record indices
   * would mix two states, so the read starts over (a few times, then CONFLICT).
   */
  async read(scope: ProjectScope, task: LabelingTask, onPage?: (done: number, total: number) => Promise<void>): Promise<TaskData> {
    if (task.kind === 'EXTRACTION' && !task.attributeId) throw invalid('taskId', `extraction task "${task.name}" has no attribute`);
    for (let attempt = 0; ; attempt++) {
      const collector = new TaskDataCollector(task);
      let generation: number | null = null;
      let changed = false;
      for await (const page of this.records.labelMatrixPages(scope, task.id)) {
        if (generation !== null && page.generation !== generation) {
          changed = true;
          break;
        }
        generation = page.generation;
        collector.add(page);
        await onPage?.(collector.records, Math.max(collector.records, page.total));
      }
      if (!changed) return collector.build();
      if (attempt >= GENERATION_RETRIES) {
        throw new AppError('CONFLICT', `the records of the project changed ${attempt + 1} times while the label matrix of task "${task.name}" was read; try again`);
      }
    }
  }

  /**
   * Token offsets of the task's attribute for the given records. The label matrix carries token
   * ranges only, while weak spans are written in characters, so each record that gets a weak
   * span is asked for its tokens (see the README's known limits).
   */
  async tokens(scope: ProjectScope, task: LabelingTask, recordIds: readonly string[]): Promise<Map<string, TextTokens>> {
    if (!task.attributeId) throw invalid('taskId', `extraction task "${task.name}" has no attribute`);
    const attribute = await this.records.attributeName(scope, task.attributeId);
    const out = new Map<string, TextTokens>();
    for (let from = 0; from < recordIds.length; from += TOKEN_CONCURRENCY) {
      const batch = recordIds.slice(from, from + TOKEN_CONCURRENCY);
      const tokens = await Promise.all(batch.map((id) => this.records.tokensOf(scope, id, attribute)));
      batch.forEach((id, i) => out.set(id, tokens[i]!));
    }
    return out;
  }
}
