import { Schema } from 'mongoose';

/** The committed pointer of one scope of one project (see generation-rules.ts). */
export interface GenerationDoc {
  /** `${projectId}|${scope}` */
  _id: string;
  projectId: string;
  scope: string;
  latest: number;
  committed: number;
  writing: number | null;
  committedAt: Date | null;
  /** Every generation ever committed (ops written for an aborted generation stay void). */
  history: number[];
  /** Pages the current writer stored so far (lets a commit trust pages buffered in memory). */
  pages: number;
}

export const GenerationSchema = new Schema<GenerationDoc>(
  {
    _id: String,
    projectId: { type: String, required: true, index: true },
    scope: { type: String, required: true },
    latest: { type: Number, required: true },
    committed: { type: Number, required: true },
    writing: { type: Number, default: null },
    committedAt: { type: Date, default: null },
    history: { type: [Number], default: [] },
    pages: { type: Number, default: 0 },
  },
  { collection: 'generations', versionKey: false },
);
