import type { RecordExport } from '@refinery/contracts';
import type { RecordExportDoc } from './record-export.schema.js';

export function toRecordExport(doc: RecordExportDoc): RecordExport {
  return {
    id: doc._id,
    projectId: doc.projectId,
    state: doc.state,
    options: doc.options,
    fileName: doc.fileName,
    contentType: doc.contentType,
    size: doc.size,
    contentEncoding: doc.contentEncoding,
    storedSize: doc.storedSize,
    rows: doc.rows,
    total: doc.total,
    error: doc.error,
    createdBy: doc.createdBy,
    createdAt: new Date(doc.createdAt).toISOString(),
    finishedAt: doc.finishedAt ? new Date(doc.finishedAt).toISOString() : null,
  };
}
