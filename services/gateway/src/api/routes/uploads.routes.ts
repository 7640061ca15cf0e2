import { z } from 'zod';
import { MAX_UPLOAD_CHUNK_BYTES, Upload, UploadFormat, UploadOptions, UploadSubjects } from '@refinery/contracts';
import { invalid } from '../http/request-input.js';
import { byteChunks } from '../transfer/byte-chunks.js';
import { requestBytes } from '../transfer/request-body.js';
import { BINARY, inProject, routesOf, type RouteContext } from './api-route.js';

const r = routesOf('uploads');

const UploadQuery = UploadOptions.extend({
  /** Detected from the Content-Type when absent (text/csv, application/x-ndjson, ...). */
  format: UploadFormat.optional(),
}).strict();

const FORMAT_OF_TYPE: Record<string, z.infer<typeof UploadFormat>> = {
  'text/csv': 'CSV',
  'application/json': 'JSON',
  'application/x-ndjson': 'JSONL',
  'application/jsonl': 'JSONL',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
};

/**
 * The HTTP body of a file upload goes to records chunk by chunk (start → chunks → commit) while
 * it arrives; the import then runs as a job (poll the upload or follow the notifications).
 */
async function uploadFile(ctx: RouteContext, input: { query: unknown }): Promise<z.infer<typeof Upload>> {
  const { format: named, ...options } = input.query as z.infer<typeof UploadQuery>;
  const format = named ?? FORMAT_OF_TYPE[(ctx.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''];
  if (!format) throw invalid([{ path: ['query', 'format'], message: 'give the format (CSV, JSON, JSONL, XLSX) or a Content-Type that names it' }]);
  const access = ctx.access;
  if (!access) throw new Error('uploads are project routes');
  const meta = { actor: access.actor, projectId: access.projectId };
  const chunks = byteChunks(requestBytes(ctx.req), MAX_UPLOAD_CHUNK_BYTES, ctx.config.API_UPLOAD_MAX_BYTES);
  const first = await chunks.next();
  if (first.done) throw invalid([{ path: ['body'], message: 'the file is empty' }]);
  const { uploadId } = await ctx.bus.request(UploadSubjects.start, { format, options }, meta);
  let seq = 0;
  let next: IteratorResult<Buffer> = first;
  while (!next.done) {
    await ctx.bus.request(UploadSubjects.chunk, { uploadId, seq, data: next.value.toString('base64') }, meta);
    seq += 1;
    next = await chunks.next();
  }
  return ctx.bus.request(UploadSubjects.commit, { uploadId }, meta);
}

export const uploadRoutes = [
  r.custom({
    method: 'POST',
    path: inProject('/uploads'),
    action: 'uploads.write',
    status: 202,
    audit: 'upload.started',
    summary: 'Upload a file (CSV, JSON, JSONL, XLSX) as the raw request body; the import runs as a job',
    query: UploadQuery,
    body: BINARY,
    response: Upload,
    handle: uploadFile,
  }),
  r.contract(UploadSubjects.get, { method: 'GET', path: inProject('/uploads/:uploadId'), action: 'uploads.write', summary: 'State and result of an upload' }),
  // The chunk protocol itself, for clients that resume or send pieces from elsewhere.
  r.contract(UploadSubjects.start, { method: 'POST', path: inProject('/uploads/chunked'), action: 'uploads.write', status: 201, summary: 'Start a chunked upload (then send chunks in order and commit)' }),
  r.contract(UploadSubjects.chunk, { method: 'PUT', path: inProject('/uploads/:uploadId/chunks/:seq'), action: 'uploads.write', summary: 'One base64 chunk (≤ 512 KiB decoded); chunks go in order from seq 0' }),
  r.contract(UploadSubjects.commit, { method: 'POST', path: inProject('/uploads/:uploadId/commit'), action: 'uploads.write', status: 202, audit: 'upload.started', summary: 'End a chunked upload and queue its import' }),
];
