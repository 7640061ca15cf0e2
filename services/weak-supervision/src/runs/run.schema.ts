import { Schema } from 'mongoose';
import type { Actor, ErrorBody, WsQualityReport, WsRunParameters, WsRunState, WsRunSummary } from '@refinery/contracts';

export interface RunDoc {
  _id: string;
  projectId: string;
  taskId: string;
  state: WsRunState;
  parameters: WsRunParameters;
  /** Who started it: the job reads and writes records on their behalf. */
  actor: Actor;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  summary: WsRunSummary | null;
  quality: WsQualityReport | null;
  error: ErrorBody | null;
}

export const RunSchema: Schema<RunDoc> = new Schema<RunDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    taskId: { type: String, required: true },
    state: { type: String, required: true },
    parameters: { type: Schema.Types.Mixed, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    summary: { type: Schema.Types.Mixed, default: null },
    quality: { type: Schema.Types.Mixed, default: null },
    error: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'runs', versionKey: false, minimize: false },
);
RunSchema.index({ projectId: 1, taskId: 1, createdAt: -1 });
