import { randomBytes } from 'node:crypto';
import { mongo } from 'mongoose';
import { HealthSubjects, type Actor } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
import { exportService } from '../export.service-definition.js';
import { ArchiveStore } from '../project-snapshots/archive-store.js';
import { abandonedUpload, addReports, archiveChunks, archiveExists, archiveFiles, emptyReport, exportDb, sweepIn, sweepJob, uploadArchive, uploadChunks } from '../test-support/archive-fixtures.js';

const ADA: Actor = { userId: 'ada', orgId: 'org-sweep-replicas', role: 'owner' };

// Two replicas of the export service on one database and queue; uploads live one second.
describe('the expiry sweep on two replicas at once', () => {
  let a: RunningService;
  let b: RunningService;
  let client: TestBus;

  beforeAll(async () => {
    const env = testEnv({ EXPORT_UPLOAD_TTL_HOURS: String(1 / 3_600), EXPORT_ARCHIVE_TTL_HOURS: '0', EXPORT_ARCHIVE_LEASE_SECONDS: '4', EXPORT_SWEEP_INTERVAL_SECONDS: '3600' });
    a = await startService(exportService, env, []);
    b = await startService(exportService, env, []);
    client = await testBus(env);
    await expectEventually(() => client.bus.request(HealthSubjects.export.check, {}), { timeoutMs: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await b?.close();
    await a?.close();
  });

  it('removes each expired upload, abandoned upload and dead write once, and leaves a live write alone', async () => {
    // A write whose process is alive (heartbeat running) and one whose process died a minute ago
    // (its entry and chunks as it left them: no heartbeat since, no file document).
    const live = await a.app.get(ArchiveStore).create('live.zip', { orgId: ADA.orgId, createdBy: ADA.userId, encrypted: false, origin: 'export', sourceProjectId: null });
    await live.sink.write(randomBytes(600_000));
    const dead = new mongo.ObjectId();
    const longAgo = new Date(Date.now() - 60_000);
    await exportDb(a).collection<{ _id: string; startedAt: Date; heartbeatAt: Date }>('project_snapshot_writes').insertOne({ _id: dead.toHexString(), startedAt: longAgo, heartbeatAt: longAgo });
    await exportDb(a).collection('project_snapshots.chunks').insertMany([0, 1].map((n) => ({ files_id: dead, n, data: new mongo.Binary(randomBytes(1_000)) })));

    const uploads = await Promise.all(Array.from({ length: 5 }, () => uploadArchive(client, ADA, randomBytes(300_000))));
    const abandoned = await Promise.all(Array.from({ length: 2 }, () => abandonedUpload(client, ADA, randomBytes(1_000))));
    await expectEventually(async () => expect(await archiveChunks(a, live.archiveId)).toBe(2));

    const total = emptyReport();
    await expectEventually(async () => {
      // three at once: one in each replica's process and one as the job (either replica's worker)
      addReports(total, ...(await Promise.all([sweepIn(a), sweepIn(b), sweepJob(b)])));
      for (const id of uploads) expect(await archiveExists(client, ADA, id)).toBe(false);
      for (const id of abandoned) expect(await uploadChunks(a, id)).toBe(0);
      expect(await archiveChunks(a, dead.toHexString())).toBe(0);
    }, { timeoutMs: 45_000, intervalMs: 250 });

    expect(total.snapshotArchives).toEqual({ uploads: 5, exports: 0, bytes: 5 * 300_000 });
    expect(total.abandonedUploads).toEqual({ uploads: 2, chunks: 2, bytes: 2_000 });
    expect(total.unfinishedWrites).toEqual({ writes: 1, chunks: 2 });
    for (const id of uploads) expect([await archiveFiles(a, id), await archiveChunks(a, id)]).toEqual([0, 0]);

    // the live write, older than the upload lifetime by now, kept its chunks and completes
    expect(await archiveChunks(a, live.archiveId)).toBe(2);
    await live.sink.end();
    expect(await archiveFiles(a, live.archiveId)).toBe(1);
    expect(await archiveChunks(a, live.archiveId)).toBe(3);
    expect(await exportDb(a).collection('project_snapshot_writes').countDocuments({})).toBe(0);
  }, 90_000);

  it('finds nothing more to remove when sweeping again (idempotent)', async () => {
    const reports = await Promise.all([sweepIn(a), sweepIn(b)]);
    expect(addReports(emptyReport(), ...reports)).toEqual(emptyReport());
  });
});
