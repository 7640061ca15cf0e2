import { Schema } from 'mongoose';
import { heuristicLanguages, type HeuristicKind, type HeuristicLanguage } from '@refinery/contracts';

/** A heuristic's definition (its run state lives in run_slots and last_runs). */
export interface HeuristicDoc {
  _id: string;
  orgId: string;
  projectId: string;
  kind: HeuristicKind;
  name: string;
  nameKey: string;
  description: string;
  /** null for active learners */
  language: HeuristicLanguage | null;
  /** the code; an active learner's configuration as formatted JSON */
  code: string;
  /** an active learner's configuration (defaults filled in); null for other kinds */
  config?: Record<string, unknown> | null;
  taskId: string;
  selected: boolean;
  readOnlyReason: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const HeuristicSchema = new Schema<HeuristicDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    projectId: { type: String, required: true },
    kind: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: '' },
    language: { type: String, enum: [...heuristicLanguages, null], default: null },
    config: { type: Schema.Types.Mixed, default: null },
    code: { type: String, required: true },
    taskId: { type: String, required: true },
    selected: { type: Boolean, required: true },
    readOnlyReason: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'heuristics', versionKey: false },
);
HeuristicSchema.index({ projectId: 1, nameKey: 1 }, { unique: true });
