import { RecordExportSubjects } from '@refinery/contracts';
import { z } from 'zod';
import { streamDownload } from '../transfer/download-stream.js';
import { BINARY, inProject, routesOf, type RouteContext } from './api-route.js';

const r = routesOf('exports');

/** A finished export's file, streamed piece by piece from the export service. */
async function download(ctx: RouteContext): Promise<undefined> {
  const access = ctx.access;
  const exportId = ctx.params['exportId'];
  if (!access || exportId === undefined) throw new Error('downloads are project routes with :exportId');
  const meta = { actor: access.actor, projectId: access.projectId };
  const first = await ctx.bus.request(RecordExportSubjects.download, { exportId, offset: 0 }, meta);
  await streamDownload(ctx.req, ctx.res, first, async (offset) => {
    const piece = offset === 0 ? first : await ctx.bus.request(RecordExportSubjects.download, { exportId, offset }, meta);
    return { bytes: Buffer.from(piece.data, 'base64'), total: piece.size, done: piece.done };
  });
  return undefined;
}

export const exportRoutes = [
  r.contract(RecordExportSubjects.prepare, { method: 'POST', path: inProject('/exports'), action: 'exports.create', status: 202, audit: 'export.created', summary: 'Export records (JSON, JSONL, CSV, XLSX; optionally zipped) as a job' }),
  r.contract(RecordExportSubjects.list, { method: 'GET', path: inProject('/exports'), action: 'exports.create', summary: 'The last finished export and any queued or running' }),
  r.contract(RecordExportSubjects.get, { method: 'GET', path: inProject('/exports/:exportId'), action: 'exports.create', summary: 'State and progress of an export' }),
  r.custom({
    method: 'GET',
    path: inProject('/exports/:exportId/download'),
    action: 'exports.create',
    summary: 'Download a finished export (streamed)',
    query: z.object({}).strict(),
    response: BINARY,
    responseType: 'application/octet-stream',
    handle: download,
  }),
];
