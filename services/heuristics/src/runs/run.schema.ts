import { Schema } from 'mongoose';
import { heuristicKinds, heuristicLanguages, runStates, type HeuristicKind, type HeuristicLanguage, type RunCounts, type RunState } from '@refinery/contracts';

/** One run of a heuristic: written at creation, at start and at the end (progress goes out as events). */
export interface RunDoc {
  _id: string;
  orgId: string;
  projectId: string;
  heuristicId: string;
  taskId: string;
  /** absent on runs stored before active learners existed: LABELING_FUNCTION */
  kind?: HeuristicKind;
  /** null for active learners */
  language: HeuristicLanguage | null;
  /** the code (an active learner's configuration) when the run was asked for */
  code: string;
  /** active learners: the records the model was trained on (excluded from its statistics) */
  trainRecordIds?: string[];
  state: RunState;
  counts: RunCounts;
  error: string | null;
  logs: string[];
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

export const RunSchema = new Schema<RunDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    projectId: { type: String, required: true },
    heuristicId: { type: String, required: true },
    taskId: { type: String, required: true },
    kind: { type: String, enum: heuristicKinds, default: 'LABELING_FUNCTION' },
    language: { type: String, enum: [...heuristicLanguages, null], default: null },
    trainRecordIds: { type: [String], default: undefined },
    code: { type: String, required: true },
    state: { type: String, enum: runStates, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    error: { type: String, default: null },
    logs: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
  },
  { collection: 'runs', versionKey: false },
);
