import { Schema } from 'mongoose';

/** One received piece of an upload's bytes (≤ 512 KiB, far below the 16 MB document limit). */
export interface UploadChunkDoc {
  /** `${uploadId}:${seq}` */
  _id: string;
  projectId: string;
  uploadId: string;
  seq: number;
  data: Buffer;
}

export const UploadChunkSchema = new Schema<UploadChunkDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    uploadId: { type: String, required: true },
    seq: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'upload_chunks', versionKey: false },
);
UploadChunkSchema.index({ projectId: 1, uploadId: 1, seq: 1 });

export function chunkId(uploadId: string, seq: number): string {
  return `${uploadId}:${seq}`;
}
