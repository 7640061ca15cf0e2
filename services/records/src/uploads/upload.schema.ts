import { Schema } from 'mongoose';
import type { UploadFormat, UploadOptions, UploadProblem, UploadResult, UploadState } from '@refinery/contracts';

export interface UploadDoc {
  _id: string;
  projectId: string;
  userId: string;
  format: UploadFormat;
  options: UploadOptions;
  state: UploadState;
  receivedBytes: number;
  /** Chunks received: the next expected sequence number. */
  chunks: number;
  result: UploadResult | null;
  problems: UploadProblem[];
  createdAt: Date;
  updatedAt: Date;
}

export const UploadSchema = new Schema<UploadDoc>(
  {
    _id: String,
    projectId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    format: { type: String, required: true },
    options: { type: Schema.Types.Mixed, default: {} },
    state: { type: String, required: true },
    receivedBytes: { type: Number, default: 0 },
    chunks: { type: Number, default: 0 },
    result: { type: Schema.Types.Mixed, default: null },
    problems: { type: Schema.Types.Mixed, default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'uploads', versionKey: false, minimize: false },
);
