import type { Upload } from '@refinery/contracts';
import type { UploadDoc } from './upload.schema.js';

export function toUpload(doc: UploadDoc): Upload {
  return {
    id: doc._id,
    format: doc.format,
    options: doc.options,
    state: doc.state,
    receivedBytes: doc.receivedBytes,
    chunks: doc.chunks,
    result: doc.result,
    problems: doc.problems,
    createdAt: doc.createdAt.toISOString(),
  };
}
