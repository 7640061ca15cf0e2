import { z } from 'zod';
import { MAX_SNAPSHOT_CHUNK_BYTES, ProjectSnapshotSubjects as S, SnapshotArchiveInfo, type ReplyOf } from '@refinery/contracts';
import { invalid } from '../http/request-input.js';
import { byteChunks, withLast } from '../transfer/byte-chunks.js';
import { streamDownload } from '../transfer/download-stream.js';
import { requestBytes } from '../transfer/request-body.js';
import { BINARY, inProject, routesOf, type RouteContext } from './api-route.js';

const r = routesOf('snapshots');

async function download(ctx: RouteContext): Promise<undefined> {
  const access = ctx.access;
  const archiveId = ctx.params['archiveId'];
  if (!access || archiveId === undefined) throw new Error('snapshot downloads are project routes with :archiveId');
  const meta = { actor: access.actor, projectId: access.projectId };
  const info = await ctx.bus.request(S.get, { archiveId }, meta);
  await streamDownload(ctx.req, ctx.res, { fileName: info.fileName, contentType: 'application/zip' }, async (offset) => {
    const piece = await ctx.bus.request(S.download, { archiveId, offset }, meta);
    return { bytes: Buffer.from(piece.data, 'base64'), total: piece.total, done: piece.eof };
  });
  return undefined;
}

const UploadQuery = z.object({ orgId: z.string().min(1).max(128).optional() }).strict();

/** An archive for a later import, streamed to the export service in chunks (organization-wide). */
async function upload(ctx: RouteContext, input: { query: unknown }): Promise<z.infer<typeof SnapshotArchiveInfo>> {
  const { orgId: named } = input.query as z.infer<typeof UploadQuery>;
  const orgId = await ctx.identity.organization(ctx.principal, named);
  const meta = { actor: { userId: ctx.principal.userId, orgId, role: 'owner' as const }, projectId: null };
  let uploadId: string | null = null;
  let offset = 0;
  for await (const { item, last } of withLast(byteChunks(requestBytes(ctx.req), MAX_SNAPSHOT_CHUNK_BYTES, ctx.config.API_UPLOAD_MAX_BYTES))) {
    const reply: ReplyOf<typeof S.upload> = await ctx.bus.request(S.upload, { uploadId, offset, data: item.toString('base64'), final: last }, meta);
    uploadId = reply.uploadId;
    offset += item.length;
    if (last) {
      if (!reply.archive) throw new Error('the export service stored no archive for the final chunk');
      return reply.archive;
    }
  }
  throw invalid([{ path: ['body'], message: 'the archive is empty' }]);
}

export const snapshotRoutes = [
  r.contract(S.export, { method: 'POST', path: inProject('/snapshots'), action: 'exports.create', status: 201, audit: 'snapshot.exported', summary: 'Export the whole project as one archive (answers when done; may take minutes)' }),
  r.contract(S.get, { method: 'GET', path: inProject('/snapshots/:archiveId'), action: 'exports.create', summary: 'An archive of the organization' }),
  r.custom({
    method: 'GET',
    path: inProject('/snapshots/:archiveId/download'),
    action: 'exports.create',
    summary: 'Download an archive (streamed)',
    query: z.object({}).strict(),
    response: BINARY,
    responseType: 'application/zip',
    handle: download,
  }),
  r.contract(S.delete, { method: 'DELETE', path: inProject('/snapshots/:archiveId'), action: 'exports.create', audit: 'snapshot.deleted', summary: 'Delete an archive' }),
  r.custom({
    method: 'POST',
    path: '/snapshots/uploads',
    scope: 'account',
    action: null,
    status: 201,
    summary: 'Upload an archive (raw body, application/octet-stream) for an import into the organization',
    query: UploadQuery,
    body: BINARY,
    response: SnapshotArchiveInfo,
    handle: upload,
  }),
];
