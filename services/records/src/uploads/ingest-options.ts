import type { UploadProblem } from '@refinery/contracts';
import type { IngestOptions, IngestProblem } from '@refinery/ingest';
import type { AttributeDoc } from '../attributes/attribute.schema.js';
import type { RecordsConfig } from '../shared/records-config.js';
import type { UploadDoc } from './upload.schema.js';

/** The ingest options of an upload: its format and options, the limits, and the schema in force. */
export function ingestOptions(
  upload: Pick<UploadDoc, 'format' | 'options'>,
  config: Pick<RecordsConfig, 'RECORDS_UPLOAD_MAX_BYTES' | 'RECORDS_UPLOAD_MAX_ROWS' | 'RECORDS_UPLOAD_MAX_COLUMNS' | 'RECORDS_UPLOAD_MAX_CELL_CHARS'>,
  existing: readonly Pick<AttributeDoc, 'name' | 'dataType' | 'isPrimaryKey'>[],
  runningIdStart: number,
): IngestOptions {
  const o = upload.options;
  const opts: IngestOptions = {
    format: upload.format === 'CSV' ? 'csv' : upload.format === 'JSON' ? 'json' : upload.format === 'JSONL' ? 'jsonl' : 'xlsx',
    lenient: o.lenient,
    limits: {
      maxBytes: config.RECORDS_UPLOAD_MAX_BYTES,
      maxRows: config.RECORDS_UPLOAD_MAX_ROWS,
      maxColumns: config.RECORDS_UPLOAD_MAX_COLUMNS,
      maxCellChars: config.RECORDS_UPLOAD_MAX_CELL_CHARS,
    },
    runningIdStart,
  };
  if (o.dataTypes) opts.typeOverrides = o.dataTypes;
  // A re-upload is matched on the project's key; an added running_id is matched (or continued) by name.
  const projectKey = existing.filter((a) => a.isPrimaryKey).map((a) => a.name);
  if (o.primaryKey) opts.primaryKey = o.primaryKey;
  else if (projectKey.length && !(projectKey.length === 1 && projectKey[0] === 'running_id')) opts.primaryKey = projectKey;
  if (o.sheet) opts.sheet = o.sheet;
  if (o.delimiter) opts.delimiter = o.delimiter;
  if (existing.length) opts.existing = existing.map((a) => ({ name: a.name, dataType: a.dataType }));
  return opts;
}

export function toUploadProblem(p: IngestProblem): UploadProblem {
  const out: UploadProblem = { code: p.code, message: p.message };
  if (p.row !== undefined) out.row = p.row;
  if (p.column !== undefined) out.column = p.column;
  return out;
}
