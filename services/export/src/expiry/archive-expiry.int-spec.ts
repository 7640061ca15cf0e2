import { randomBytes } from 'node:crypto';
import { AttributeSubjects, ProjectSnapshotPartSubjects, ProjectSnapshotSubjects, ProjectSubjects, RecordExportSubjects, RecordSubjects, TaskSubjects, type Actor } from '@refinery/contracts';
import type { RunningService } from '@refinery/server-kit';
import { expectEventually, testEnv, type TestBus } from '@refinery/server-testing';
import { ExportHarness } from '../test-support/export-harness.js';
import { addReports, archiveChunks, archiveFiles, archiveExists, abandonedUpload, downloadArchive, emptyReport, exportDb, failure, standIn, sweepIn, uploadArchive, uploadChunks } from '../test-support/archive-fixtures.js';

const ADA: Actor = { userId: 'ada', orgId: 'org-archive-expiry', role: 'owner' };
const LONG = { actor: ADA, timeoutMs: 120_000 };
const ONE_SECOND_IN_HOURS = String(1 / 3_600);
/** Expiry is a matter of seconds here: polls of a few seconds at most, generous deadlines for a loaded machine. */
const UNTIL_GONE = { timeoutMs: 45_000, intervalMs: 250 };

async function sourceProject(client: TestBus, name: string): Promise<string> {
  const projectId = (await client.bus.request(ProjectSubjects.create, { name }, { actor: ADA })).id;
  const p = { actor: ADA, projectId };
  await client.bus.request(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, p);
  await client.bus.request(RecordSubjects.add, { records: [{ data: { headline: 'one' } }, { data: { headline: 'two' } }] }, p);
  await client.bus.request(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'yes' }] }, p);
  return projectId;
}

// Uploads live one second, exports an hour; sweeps run when the test says (the schedule is hourly).
describe('archive expiry: uploads that no import completed', () => {
  let harness: ExportHarness | undefined;
  let exporter: RunningService;
  let client: TestBus;
  let exportedId: string;
  let archiveBytes: Buffer;

  beforeAll(async () => {
    const env = testEnv({ EXPORT_UPLOAD_TTL_HOURS: ONE_SECOND_IN_HOURS, EXPORT_ARCHIVE_TTL_HOURS: '1', EXPORT_ARCHIVE_LEASE_SECONDS: '4', EXPORT_SWEEP_INTERVAL_SECONDS: '3600' });
    harness = await ExportHarness.start(env, ADA);
    ({ exporter, client } = harness);
    const projectId = await sourceProject(client, 'Expiry source');
    exportedId = (await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId })).archive.archiveId;
    archiveBytes = await downloadArchive(client, ADA, exportedId);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('removes an expired upload with every stored byte, and keeps an export (its lifetime is an hour)', async () => {
    const bytes = 700_000;
    const uploadId = await uploadArchive(client, ADA, randomBytes(bytes));
    expect(await archiveChunks(exporter, uploadId)).toBe(3); // GridFS chunks of 255 KiB
    const total = emptyReport();
    await expectEventually(async () => {
      addReports(total, await sweepIn(exporter));
      expect(await archiveExists(client, ADA, uploadId)).toBe(false);
    }, UNTIL_GONE);
    expect(await archiveChunks(exporter, uploadId)).toBe(0);
    expect(await archiveFiles(exporter, uploadId)).toBe(0);
    expect(total.snapshotArchives).toEqual({ uploads: 1, exports: 0, bytes });
    expect(await archiveExists(client, ADA, exportedId)).toBe(true);
  });

  it('removes the chunks of an upload that never got its final chunk; continuing it then is NOT_FOUND', async () => {
    const uploadId = await abandonedUpload(client, ADA, randomBytes(1_000));
    expect(await uploadChunks(exporter, uploadId)).toBe(1);
    await expectEventually(async () => {
      await sweepIn(exporter);
      expect(await uploadChunks(exporter, uploadId)).toBe(0);
    }, UNTIL_GONE);
    const next = { uploadId, offset: 1_000, data: randomBytes(10).toString('base64'), final: true };
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.upload, next, { actor: ADA }))).toMatchObject({ code: 'NOT_FOUND', message: `upload ${uploadId} not found` });
  });

  it('keeps an expired upload while it is being downloaded, and removes it once the download stopped', async () => {
    const downloaded = await uploadArchive(client, ADA, randomBytes(10_000));
    const later = await uploadArchive(client, ADA, randomBytes(10_000));
    const refused: unknown[] = [];
    // A download in progress: one piece per poll. `later` (made after it, not read) expiring shows
    // that `downloaded` is past its lifetime too.
    await expectEventually(async () => {
      await client.bus.request(ProjectSnapshotSubjects.download, { archiveId: downloaded, offset: 0, length: 1_024 }, { actor: ADA }).catch((e: unknown) => refused.push(e));
      await sweepIn(exporter);
      expect(await archiveExists(client, ADA, later)).toBe(false);
    }, UNTIL_GONE);
    expect(refused).toEqual([]);
    expect(await archiveExists(client, ADA, downloaded)).toBe(true);
    expect(await archiveChunks(exporter, downloaded)).toBe(1);
    // no piece asked for since: the lease (4 s) runs out
    await expectEventually(async () => {
      await sweepIn(exporter);
      expect(await archiveExists(client, ADA, downloaded)).toBe(false);
    }, UNTIL_GONE);
    expect(await archiveChunks(exporter, downloaded)).toBe(0);
  });

  it('keeps an upload whose import completed as long as an export', async () => {
    const kept = await uploadArchive(client, ADA, archiveBytes);
    const imported = await client.bus.request(ProjectSnapshotSubjects.import, { archiveId: kept, name: 'Expiry copy' }, LONG);
    expect(imported.counts['records']).toMatchObject({ records: 2 });
    const later = await uploadArchive(client, ADA, randomBytes(1_000));
    await expectEventually(async () => {
      await sweepIn(exporter);
      expect(await archiveExists(client, ADA, later)).toBe(false);
    }, UNTIL_GONE);
    expect(await archiveExists(client, ADA, kept)).toBe(true);
  });

  it('keeps an expired upload while an import reads it, and removes it after the import failed', async () => {
    // the heuristics part answers through the test: its `begin` waits while the sweeps run
    await harness?.stopHeuristics();
    const part = standIn(client, ProjectSnapshotPartSubjects.heuristics.import.subject);
    try {
      const reading = await uploadArchive(client, ADA, archiveBytes);
      const importing = client.bus.request(ProjectSnapshotSubjects.import, { archiveId: reading, name: 'Expiry held' }, LONG).then(
        () => ({ code: 'none', message: 'the import succeeded' }),
        (e: { code: string; message: string }) => e,
      );
      await Promise.race([part.reached, importing.then((e) => Promise.reject(new Error(`the import ended before its heuristics part: ${e.message}`)))]);
      const later = await uploadArchive(client, ADA, randomBytes(1_000));
      await expectEventually(async () => {
        await sweepIn(exporter);
        expect(await archiveExists(client, ADA, later)).toBe(false);
      }, UNTIL_GONE);
      expect(await archiveExists(client, ADA, reading)).toBe(true);
      part.answer({ code: 'UNAVAILABLE', message: 'heuristics stand-in: gone' });
      expect(await importing).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('heuristics stand-in: gone') });
      await expectEventually(async () => {
        await sweepIn(exporter);
        expect(await archiveExists(client, ADA, reading)).toBe(false);
      }, UNTIL_GONE);
      expect(await archiveChunks(exporter, reading)).toBe(0);
    } finally {
      // also when an expectation failed: the held import ends, so the service can stop
      part.answer({ code: 'UNAVAILABLE', message: 'heuristics stand-in: gone' });
      part.stop();
    }
  }, 120_000);
});

// Exports and record exports live three seconds, uploads for good; the schedule sweeps every second.
describe('archive expiry: exports and record exports, by the scheduled sweep', () => {
  let harness: ExportHarness | undefined;
  let exporter: RunningService;
  let client: TestBus;
  let projectId: string;

  beforeAll(async () => {
    const env = testEnv({ EXPORT_UPLOAD_TTL_HOURS: '0', EXPORT_ARCHIVE_TTL_HOURS: String(3 / 3_600), EXPORT_ARCHIVE_LEASE_SECONDS: '4', EXPORT_SWEEP_INTERVAL_SECONDS: '1' });
    harness = await ExportHarness.start(env, ADA);
    ({ exporter, client } = harness);
    projectId = await sourceProject(client, 'Scheduled expiry');
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('removes a snapshot export with its bytes, and keeps an upload (lifetime 0: for good)', async () => {
    const kept = await uploadArchive(client, ADA, randomBytes(1_000));
    const { archive } = await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId });
    expect(await archiveChunks(exporter, archive.archiveId)).toBeGreaterThan(0);
    await expectEventually(async () => expect(await archiveExists(client, ADA, archive.archiveId)).toBe(false), UNTIL_GONE);
    expect(await archiveChunks(exporter, archive.archiveId)).toBe(0);
    expect(await archiveFiles(exporter, archive.archiveId)).toBe(0);
    expect(await exportDb(exporter).collection('project_snapshot_writes').countDocuments({})).toBe(0);
    expect(await archiveExists(client, ADA, kept)).toBe(true);
  }, 120_000);

  it('removes a finished record export with its file', async () => {
    const at = { actor: ADA, projectId };
    const prepared = await client.bus.request(RecordExportSubjects.prepare, { format: 'CSV' }, at);
    const files = exportDb(exporter).collection(`rx_${projectId}.files`);
    const chunks = exportDb(exporter).collection(`rx_${projectId}.chunks`);
    // Seen DONE and downloaded before it expires (it lives 3 s; polls are 50 ms apart).
    const done = await expectEventually(async () => {
      const e = await client.bus.request(RecordExportSubjects.get, { exportId: prepared.id }, at);
      if (e.state !== 'DONE') throw new Error(`still ${e.state}`);
      return client.bus.request(RecordExportSubjects.download, { exportId: prepared.id, offset: 0, length: 64 }, at);
    }, { timeoutMs: 60_000 });
    expect(done.size).toBeGreaterThan(0);
    expect(await files.countDocuments({})).toBe(1);
    await expectEventually(async () => {
      expect(await failure(() => client.bus.request(RecordExportSubjects.get, { exportId: prepared.id }, at))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await exportDb(exporter).collection<{ _id: string }>('record_exports').countDocuments({ _id: prepared.id })).toBe(0);
    }, UNTIL_GONE);
    expect(await files.countDocuments({})).toBe(0);
    expect(await chunks.countDocuments({})).toBe(0);
  }, 120_000);
});
