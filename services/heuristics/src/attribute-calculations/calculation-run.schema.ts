import { Schema } from 'mongoose';
import { dataTypes, heuristicLanguages, type CalculationRunCounts, type CalculationRunState, type DataType, type HeuristicLanguage } from '@refinery/contracts';

/** One "run on all" of a computed attribute: written at creation, start, once the generation is open, and at the end. */
export interface CalculationRunDoc {
  _id: string;
  orgId: string;
  projectId: string;
  calculationId: string;
  name: string;
  dataType: DataType;
  language: HeuristicLanguage;
  code: string;
  state: CalculationRunState;
  counts: CalculationRunCounts;
  error: string | null;
  logs: string[];
  /** Set once records opened the generation, so a retried job can abort what the lost attempt began. */
  attributeId: string | null;
  generation: number | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

export const CalculationRunSchema = new Schema<CalculationRunDoc>(
  {
    _id: String,
    orgId: { type: String, required: true },
    projectId: { type: String, required: true },
    calculationId: { type: String, required: true },
    name: { type: String, required: true },
    dataType: { type: String, enum: dataTypes, required: true },
    language: { type: String, enum: heuristicLanguages, required: true },
    code: { type: String, required: true },
    state: { type: String, enum: ['queued', 'running', 'succeeded', 'failed'], required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    error: { type: String, default: null },
    logs: { type: [String], default: [] },
    attributeId: { type: String, default: null },
    generation: { type: Number, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    durationMs: { type: Number, default: null },
  },
  { collection: 'calculation_runs', versionKey: false },
);
