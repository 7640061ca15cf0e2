import { Inject, Injectable } from '@nestjs/common';
import type { BulkItem, LabelingTask } from '@refinery/contracts';
import { LearnerError, parseActiveLearnerConfig, runActiveLearner } from '@refinery/learners';
import { EmbeddingsClient } from '../access/embeddings-client.js';
import { RecordsClient } from '../access/records-client.js';
import type { ProjectScope } from '../shared/project-scope.js';
import type { OutputWriter } from '../runs/output-writer.js';
import type { RunLog } from '../runs/run-log.js';
import { RunStop, type RunOutcome } from '../runs/run-outcome.js';

export interface LearnerRunResult {
  /** records the model was trained on: weak supervision leaves them out of its statistics */
  readonly trainRecordIds: string[];
}

/** Only single-label classification: a learner predicts one class per record. */
export function learnableTask(task: LabelingTask): string | null {
  if (task.kind === 'CLASSIFICATION') return null;
  return `active learners need a classification task; "${task.name}" is ${task.kind.toLowerCase().replace(/_/g, ' ')}`;
}

/**
 * One active-learner run: the task's valid manual labels and the embedding's vectors in, a
 * classifier trained on every other labelled record (refinery's protocol, @refinery/learners),
 * every record with a vector predicted, predictions at or above `minConfidence` written as the
 * heuristic's outputs with their probability as confidence.
 */
@Injectable()
export class ActiveLearnerRun {
  constructor(
    @Inject(RecordsClient) private readonly records: RecordsClient,
    @Inject(EmbeddingsClient) private readonly embeddings: EmbeddingsClient,
  ) {}

  async execute(scope: ProjectScope, code: string, task: LabelingTask, writer: OutputWriter, log: RunLog, counts: RunOutcome['counts']): Promise<LearnerRunResult> {
    const problem = learnableTask(task);
    if (problem) throw new RunStop('failed', problem);
    let config;
    try {
      config = parseActiveLearnerConfig(JSON.parse(code));
    } catch (error) {
      throw new RunStop('failed', error instanceof LearnerError ? error.message : `the configuration is not valid JSON: ${String(error)}`);
    }
    const embedding = await this.embeddings.resolve(scope, config.embedding, 'config.embedding').catch((error: unknown) => {
      throw new RunStop('failed', error instanceof Error ? error.message : String(error));
    });
    if (embedding.level !== 'classification') throw new RunStop('failed', `embedding "${embedding.name}" is token-level; active learners need an attribute-level (classification) embedding`);
    if (embedding.state !== 'FINISHED') throw new RunStop('failed', `embedding "${embedding.name}" is ${embedding.state.toLowerCase()}, not finished; run the learner when it is`);

    const t0 = performance.now();
    const [table, reference] = await Promise.all([this.embeddings.all(scope, embedding.id), this.records.referenceLabels(scope, task.id)]);
    const classOf = new Map(task.labels.map((l, i) => [l.id, i]));
    const labels = new Int32Array(table.recordIds.length).fill(-1);
    let labelled = 0;
    table.recordIds.forEach((recordId, row) => {
      const labelId = reference.get(recordId);
      const c = labelId === undefined ? undefined : classOf.get(labelId);
      if (c === undefined) return;
      labels[row] = c;
      labelled++;
    });
    const hasVector = new Set(table.recordIds);
    const withoutVector = [...reference.keys()].filter((id) => !hasVector.has(id)).length;
    log.push(
      `read ${table.recordIds.length} vectors of "${embedding.name}" (${table.dims} dims) and ${reference.size} manual labels in ${Math.round(performance.now() - t0)} ms` +
        (withoutVector ? `; ${withoutVector} labelled record(s) have no vector and are not used` : ''),
    );

    const t1 = performance.now();
    let result;
    try {
      result = runActiveLearner({ vectors: table.matrix, n: table.recordIds.length, dims: table.dims, labels, classes: task.labels.length, config });
    } catch (error) {
      throw new RunStop('failed', error instanceof Error ? error.message : String(error));
    }
    log.push(
      `${config.model} trained on ${result.trainRows.length} of ${labelled} labelled records (${result.heldOutRows.length} held out for its statistics) and predicted ${table.recordIds.length} records in ${Math.round(performance.now() - t1)} ms; ${result.rows.length} predictions reached min confidence ${config.minConfidence}`,
    );

    const items: BulkItem[] = [];
    for (let k = 0; k < result.rows.length; k++) {
      const recordId = table.recordIds[result.rows[k]!]!;
      const label = task.labels[result.predicted[k]!]!;
      items.push({ recordId, labelId: label.id, confidence: Math.round(result.confidence[k]! * 1e6) / 1e6 });
    }
    await writer.add(items);
    counts.records = table.recordIds.length;
    counts.hits = items.length;
    counts.abstained = table.recordIds.length - items.length;
    return { trainRecordIds: Array.from(result.trainRows, (row) => table.recordIds[row]!) };
  }
}
