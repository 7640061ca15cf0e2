import { Schema } from 'mongoose';
import type { SliceKind } from '@refinery/contracts';

export interface SliceDoc {
  _id: string;
  projectId: string;
  name: string;
  nameKey: string;
  kind: SliceKind;
  /** The parsed browser query `{filter, order}` as given (validated on every use). */
  query: Record<string, unknown>;
  /** STATIC: the frozen members in the query's order; DYNAMIC: empty. */
  recordIds: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const SliceSchema = new Schema<SliceDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    kind: { type: String, required: true },
    query: { type: Schema.Types.Mixed, default: {} },
    recordIds: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'data_slices', versionKey: false, minimize: false },
);
SliceSchema.index({ projectId: 1, nameKey: 1 }, { unique: true });
