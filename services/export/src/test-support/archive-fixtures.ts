import { mongo } from 'mongoose';
import { MAX_SNAPSHOT_CHUNK_BYTES, ProjectSnapshotSubjects, type Actor } from '@refinery/contracts';
import { MONGO, QUEUE, type RunningService } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import { encode, makeEnvelope } from '@refinery/server-nats';
import type { QueueManager } from '@refinery/server-queue';
import type { TestBus } from '@refinery/server-testing';
import { ArchiveSweepService, type SweepReport } from '../expiry/archive-sweep.service.js';
import { SweepExpiredArchivesJob } from '../expiry/jobs/sweep-expired-archives.job.js';

/** Uploads bytes as an archive through `export.project-snapshots.upload.v1`, in 512 KiB chunks. */
export async function uploadArchive(client: TestBus, actor: Actor, bytes: Buffer): Promise<string> {
  let uploadId: string | null = null;
  for (let offset = 0; ; offset += MAX_SNAPSHOT_CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + MAX_SNAPSHOT_CHUNK_BYTES);
    const final = offset + MAX_SNAPSHOT_CHUNK_BYTES >= bytes.length;
    const reply: { uploadId: string; archive: { archiveId: string } | null } = await client.bus.request(ProjectSnapshotSubjects.upload, { uploadId, offset, data: data.toString('base64'), final }, { actor });
    uploadId = reply.uploadId;
    if (final) {
      if (!reply.archive) throw new Error('the final chunk stored no archive');
      return reply.archive.archiveId;
    }
  }
}

/** The first chunk of an upload that never gets its final one; its upload id. */
export async function abandonedUpload(client: TestBus, actor: Actor, bytes: Buffer): Promise<string> {
  return (await client.bus.request(ProjectSnapshotSubjects.upload, { uploadId: null, offset: 0, data: bytes.toString('base64'), final: false }, { actor })).uploadId;
}

/** The whole archive through `download`, piece by piece. */
export async function downloadArchive(client: TestBus, actor: Actor, archiveId: string, projectId: string | null = null): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const piece = await client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset }, { actor, projectId });
    const data = Buffer.from(piece.data, 'base64');
    parts.push(data);
    offset += data.length;
    if (piece.eof) return Buffer.concat(parts);
  }
}

/** True while `get` finds the archive, false once it answers NOT_FOUND. */
export async function archiveExists(client: TestBus, actor: Actor, archiveId: string): Promise<boolean> {
  try {
    await client.bus.request(ProjectSnapshotSubjects.get, { archiveId }, { actor });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** The error a call fails with (the test fails when it succeeds). */
export async function failure(work: () => Promise<unknown>): Promise<{ code?: string; message?: string }> {
  try {
    await work();
  } catch (e) {
    return e as { code?: string; message?: string };
  }
  throw new Error('it succeeded');
}

/** The export database of a running replica, to count what is stored. */
export function exportDb(replica: RunningService): mongo.Db {
  const db = replica.app.get<MongoConnectionManager>(MONGO).connection.db;
  if (!db) throw new Error('the export database is not connected');
  return db;
}

/** GridFS chunks stored for a snapshot archive (or an unfinished write) by its id. */
export function archiveChunks(replica: RunningService, archiveId: string): Promise<number> {
  return exportDb(replica).collection('project_snapshots.chunks').countDocuments({ files_id: new mongo.ObjectId(archiveId) });
}

/** GridFS file documents of a snapshot archive (1 while it exists, also once claimed by a sweep). */
export function archiveFiles(replica: RunningService, archiveId: string): Promise<number> {
  return exportDb(replica).collection('project_snapshots.files').countDocuments({ _id: new mongo.ObjectId(archiveId) });
}

/** Chunk documents an upload without its final chunk holds. */
export function uploadChunks(replica: RunningService, uploadId: string): Promise<number> {
  return exportDb(replica).collection('project_snapshot_upload_chunks').countDocuments({ uploadId });
}

/** One sweep right now, in the replica's process. */
export function sweepIn(replica: RunningService): Promise<SweepReport> {
  return replica.app.get(ArchiveSweepService).sweep(new Date());
}

let jobs = 0;

/** One sweep as the scheduled job: through BullMQ, run by whichever replica's worker takes it. */
export async function sweepJob(replica: RunningService): Promise<SweepReport> {
  const queue = replica.app.get<QueueManager>(QUEUE);
  const job = await queue.enqueue(SweepExpiredArchivesJob, {}, { jobId: `test-sweep-${process.pid}-${++jobs}-${Date.now()}` });
  return (await queue.waitFor(job, 60_000)) as SweepReport;
}

/** Sums sweep reports (what several sweeps removed together). */
export function addReports(total: SweepReport, ...reports: SweepReport[]): SweepReport {
  for (const r of reports) {
    total.snapshotArchives.uploads += r.snapshotArchives.uploads;
    total.snapshotArchives.exports += r.snapshotArchives.exports;
    total.snapshotArchives.bytes += r.snapshotArchives.bytes;
    total.abandonedUploads.uploads += r.abandonedUploads.uploads;
    total.abandonedUploads.chunks += r.abandonedUploads.chunks;
    total.abandonedUploads.bytes += r.abandonedUploads.bytes;
    total.unfinishedWrites.writes += r.unfinishedWrites.writes;
    total.unfinishedWrites.chunks += r.unfinishedWrites.chunks;
    total.recordExports.exports += r.recordExports.exports;
    total.recordExports.bytes += r.recordExports.bytes;
  }
  return total;
}

export function emptyReport(): SweepReport {
  return { snapshotArchives: { uploads: 0, exports: 0, bytes: 0 }, abandonedUploads: { uploads: 0, chunks: 0, bytes: 0 }, unfinishedWrites: { writes: 0, chunks: 0 }, recordExports: { exports: 0, bytes: 0 }, durationMs: 0 };
}

/**
 * Answers a subject in place of its (stopped) owner service: the first request is held until
 * `answer`, then every request gets that error. `reached` resolves when the first one arrives.
 */
export function standIn(client: TestBus, subject: string): { reached: Promise<void>; answer(error: { code: string; message: string }): void; stop(): void } {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let release!: (error: { code: string; message: string }) => void;
  const answered = new Promise<{ code: string; message: string }>((resolve) => (release = resolve));
  const sub = client.connection.get().subscribe(client.connection.wireSubject(subject), {
    callback: (_err, msg) => {
      arrived();
      void answered.then((error) => msg.respond(encode(makeEnvelope(`${subject}.reply`, { ok: false, error }))));
    },
  });
  return { reached, answer: (error) => release(error), stop: () => sub.unsubscribe() };
}
