import type { HeuristicLabelStatistics } from '@refinery/contracts';
import {
  extractionStatistics,
  heuristicStatistics,
  multiLabelStatistics,
  type HeuristicLabelStatistics as IndexedStatistics,
} from '@refinery/label-model';
import type { SpanMatrix } from '../matrix/span-matrix.js';
import type { TaskData } from '../matrix/task-data.js';
import { learnerExclusions, singleLabelView, type LearnerTraining, type TaskMatrix } from '../matrix/task-matrix.js';

/**
 * Per heuristic and label statistics of a task (see `@refinery/label-model`): single-label tasks
 * on the CSR matrix, multi-label tasks label by label, extraction tasks at token level. Active
 * learners' support excludes the records they trained on (every reference record when that is unknown).
 */
export function computeStatistics(data: TaskData, activeLearnerSourceIds: readonly string[], training?: LearnerTraining): HeuristicLabelStatistics[] {
  const indexed = data.shape === 'spans' ? spanStatistics(data, activeLearnerSourceIds) : voteStatistics(data, activeLearnerSourceIds, training);
  return indexed.map((s) => ({
    sourceId: data.heuristicIds[s.heuristic]!,
    labelId: data.labelIds[s.label]!,
    coverage: s.coverage,
    hits: s.hits,
    overlaps: s.overlaps,
    conflicts: s.conflicts,
    truePositives: s.truePositives,
    falsePositives: s.falsePositives,
    falseNegatives: s.falseNegatives,
    support: s.support,
    precision: s.precision,
    estimatedPrecision: s.estimatedPrecision,
    recall: s.recall,
  }));
}

function voteStatistics(tm: TaskMatrix, learners: readonly string[], training?: LearnerTraining): IndexedStatistics[] {
  const excludeFromSupport = learnerExclusions(tm, learners, training);
  if (tm.task.kind === 'MULTI_LABEL_CLASSIFICATION') {
    return multiLabelStatistics(tm.recordIds.length, tm.heuristicIds.length, tm.labelIds.length, tm.votes, { reference: tm.reference, excludeFromSupport });
  }
  const { matrix, reference } = singleLabelView(tm);
  return heuristicStatistics(matrix, { reference, excludeFromSupport });
}

/** Token-level precision/recall on annotated records; exact for any number of spans. */
function spanStatistics(sm: SpanMatrix, learners: readonly string[]): IndexedStatistics[] {
  return extractionStatistics(sm.spans, { reference: sm.reference, excludeFromSupport: spanExclusions(sm, learners) });
}

export function spanExclusions(sm: SpanMatrix, learners: readonly string[]): Array<ReadonlySet<number> | undefined> {
  const set = new Set(learners);
  return sm.heuristicIds.map((id) => (set.has(id) ? sm.reference.annotatedRecords : undefined));
}
