import { Schema } from 'mongoose';
import type { HeuristicLabelStatistics, TaskKind, WsStatisticsTrigger } from '@refinery/contracts';

/** The latest statistics of one task: `_id = <projectId>:<taskId>`, replaced as a whole. */
export interface TaskStatisticsDoc {
  _id: string;
  projectId: string;
  taskId: string;
  kind: TaskKind;
  computedAt: Date;
  /** When the computation started reading: an older computation finishing late must not win. */
  startedAt: Date;
  trigger: WsStatisticsTrigger;
  records: number;
  referenceRecords: number;
  activeLearnerSourceIds: string[];
  heuristics: HeuristicLabelStatistics[];
}

export const TaskStatisticsSchema: Schema<TaskStatisticsDoc> = new Schema<TaskStatisticsDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    taskId: { type: String, required: true },
    kind: { type: String, required: true },
    computedAt: { type: Date, required: true },
    startedAt: { type: Date, required: true },
    trigger: { type: String, required: true },
    records: { type: Number, required: true },
    referenceRecords: { type: Number, required: true },
    activeLearnerSourceIds: { type: [String], default: [] },
    // an array of plain objects (no nested arrays, so FerretDB stores it as is)
    heuristics: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'task_statistics', versionKey: false },
);
TaskStatisticsSchema.index({ projectId: 1 });
