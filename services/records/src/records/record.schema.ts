import { Schema } from 'mongoose';
import type { LabelSummary, RecordData, TextTokens } from '@refinery/contracts';

/**
 * One record in one generation. A bulk write copies every record into its new generation, so
 * `recordId` (stable, referenced by associations) differs from `_id` (`recordId@generation`).
 */
export interface RecordDoc {
  _id: string;
  projectId: string;
  recordId: string;
  generation: number;
  /** Default order. */
  seq: number;
  /** Primary-key values as a string (see record-key.ts). */
  key: string;
  data: RecordData;
  /** Per TEXT attribute name: flat start/end arrays (no nested arrays in FerretDB). */
  tokens: Record<string, TextTokens>;
  /** Per task id: the denormalized label summary for the data browser. */
  labels: Record<string, LabelSummary>;
}

export const RecordSchema = new Schema<RecordDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    recordId: { type: String, required: true },
    generation: { type: Number, required: true },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    tokens: { type: Schema.Types.Mixed, default: {} },
    labels: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'records', versionKey: false, minimize: false },
);
RecordSchema.index({ projectId: 1, generation: 1, key: 1 }, { unique: true });
RecordSchema.index({ projectId: 1, generation: 1, seq: 1 });
RecordSchema.index({ projectId: 1, recordId: 1 });

export function recordDocId(recordId: string, generation: number): string {
  return `${recordId}@${generation}`;
}
