import { Schema } from 'mongoose';
import type { ExportSourceOpened, RecordExportOptions, RecordExportState } from '@refinery/contracts';

/** One record export of a project (collection `record_exports`); its file lives in GridFS. */
export interface RecordExportDoc {
  _id: string;
  projectId: string;
  /** The organization of the actor who prepared it (records checked the project belongs to it). */
  orgId: string;
  state: RecordExportState;
  options: RecordExportOptions;
  fileName: string;
  contentType: string;
  /** GridFS file id (hex ObjectId) of the current attempt; null before the job starts. */
  fileId: string | null;
  /** The records-side cursor `prepare` opened, with its columns (the job reopens one when it expired). */
  source: ExportSourceOpened;
  size: number | null;
  contentEncoding: 'gzip' | null;
  storedSize: number | null;
  rows: number;
  total: number | null;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
  /** Until then a download holds the file: the expiry sweep leaves it (absent on older documents). */
  leaseUntil?: Date | null;
  /** Claimed by the expiry sweep: hidden from everyone from then on, its file and itself follow. */
  expiredAt?: Date | null;
}

export const RecordExportSchema = new Schema<RecordExportDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    orgId: { type: String, required: true },
    state: { type: String, required: true },
    options: { type: Schema.Types.Mixed, required: true },
    fileName: { type: String, required: true },
    contentType: { type: String, required: true },
    fileId: { type: String, default: null },
    source: { type: Schema.Types.Mixed, required: true },
    size: { type: Number, default: null },
    contentEncoding: { type: String, default: null },
    storedSize: { type: Number, default: null },
    rows: { type: Number, default: 0 },
    total: { type: Number, default: null },
    error: { type: String, default: null },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    leaseUntil: { type: Date, default: null },
    expiredAt: { type: Date, default: null },
  },
  { collection: 'record_exports', versionKey: false, minimize: false },
);
RecordExportSchema.index({ projectId: 1, createdAt: -1 });
