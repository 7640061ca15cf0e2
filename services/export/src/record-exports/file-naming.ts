import type { RecordExportFormat, RecordExportOptions } from '@refinery/contracts';

const EXTENSIONS: Record<RecordExportFormat, string> = { JSON: 'json', JSONL: 'jsonl', CSV: 'csv', XLSX: 'xlsx' };
const CONTENT_TYPES: Record<RecordExportFormat, string> = {
  JSON: 'application/json',
  JSONL: 'application/x-ndjson',
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `records_<all|slice|session>_<UTC time>.<ext>`; the inner file of a zip keeps that name without `.zip`. */
export function exportFileNames(options: RecordExportOptions, at: Date): { inner: string; file: string; contentType: string } {
  const stamp = at.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const inner = `records_${options.rows.kind.toLowerCase()}_${stamp}.${EXTENSIONS[options.format]}`;
  return options.zip ? { inner, file: `${inner}.zip`, contentType: 'application/zip' } : { inner, file: inner, contentType: CONTENT_TYPES[options.format] };
}
