import { Schema } from 'mongoose';

/**
 * One page of vectors: the records of one batch job (or one import page, or one incremental
 * sync) with their vectors as ONE float32 binary. Why pages and not a document per record: on
 * FerretDB every insert is a round trip and a filtered read decodes every document, so 100k
 * documents take ~30 s to write and as long to read back; 200 pages of 500 load in well under a
 * second and stay far below the 16 MB document limit (500 × 64 × 4 B = 128 KB). Pages are
 * written once (insert, `_id` = embedding:generation:page) and never updated: a re-embedded
 * record lands in a later page, and the page with the highest `seq` wins.
 */
export interface VectorPageDoc {
  _id: string;
  projectId: string;
  embeddingId: string;
  generation: number;
  /** order of application within the generation: batch pages 0…n−1, sync/import pages after */
  seq: number;
  recordIds: string[];
  /** text hash per record (empty strings for imported vectors: their text is unknown) */
  hashes: string[];
  /** extraction level: tokens per record (rows of `vectors` per record); empty for classification */
  tokenCounts: number[];
  /** records deleted since earlier pages (incremental sync): applied after this page's vectors */
  removedIds: string[];
  dims: number;
  vectors: Buffer;
  createdAt: Date;
}

export const VectorPageSchema: Schema<VectorPageDoc> = new Schema<VectorPageDoc>(
  {
    _id: String,
    projectId: { type: String, required: true },
    embeddingId: { type: String, required: true },
    generation: { type: Number, required: true },
    seq: { type: Number, required: true },
    recordIds: { type: [String], required: true },
    hashes: { type: [String], required: true },
    tokenCounts: { type: [Number], default: [] },
    removedIds: { type: [String], default: [] },
    dims: { type: Number, required: true },
    // not `required`: Mongoose rejects an empty Buffer as missing, and a removal-only page has no vectors
    vectors: { type: Buffer, default: () => Buffer.alloc(0) },
    createdAt: { type: Date, required: true },
  },
  { collection: 'vector_pages', versionKey: false },
);
VectorPageSchema.index({ projectId: 1, embeddingId: 1, generation: 1, seq: 1 });
