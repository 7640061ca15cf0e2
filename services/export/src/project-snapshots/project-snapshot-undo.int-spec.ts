import { AttributeSubjects, HealthSubjects, ProjectSnapshotSubjects, ProjectSubjects, RecordSubjects, TaskSubjects, type Actor } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// A snapshot is a conversation with the records and heuristics services: the test runs them (as tests/platform does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

const ADA: Actor = { userId: 'ada', orgId: 'org-project-snapshot-undo', role: 'owner' };
const LONG = { actor: ADA, timeoutMs: 120_000 };

// The heuristics part is required: once its service is gone, an export fails and an import is undone.
describe('project snapshots when a required part does not answer', () => {
  let records: RunningService;
  let heuristics: RunningService | undefined;
  let exporter: RunningService;
  let client: TestBus;
  let projectId: string;
  let archiveId: string;

  beforeAll(async () => {
    const env = testEnv();
    records = await startService(recordsService, env, []);
    heuristics = await startService(heuristicsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    for (const service of ['records', 'heuristics', 'export'] as const) {
      await expectEventually(() => client.bus.request(HealthSubjects[service].check, {}), { timeoutMs: 15_000 });
    }
    projectId = (await client.bus.request(ProjectSubjects.create, { name: 'Undo source' }, { actor: ADA })).id;
    const p = { actor: ADA, projectId };
    await client.bus.request(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, p);
    await client.bus.request(RecordSubjects.add, { records: [{ data: { headline: 'one' } }, { data: { headline: 'two' } }] }, p);
    await client.bus.request(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', attributeId: null, labels: [{ name: 'yes' }] }, p);
    archiveId = (await client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId })).archive.archiveId;
    await heuristics.close();
    heuristics = undefined;
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await heuristics?.close();
    await records?.close();
  });

  async function failure(work: () => Promise<unknown>): Promise<{ code?: string; message?: string }> {
    try {
      await work();
    } catch (e) {
      return e as { code?: string; message?: string };
    }
    throw new Error('it succeeded');
  }

  it('an import answers UNAVAILABLE naming the heuristics subject, and the records part it wrote is removed', async () => {
    const error = await failure(() => client.bus.request(ProjectSnapshotSubjects.import, { archiveId, name: 'Undo copy' }, LONG));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^part "heuristics": no service answers heuristics\.project-snapshot\.import\.v1/) });
    const { projects } = await client.bus.request(ProjectSubjects.list, {}, { actor: ADA });
    expect(projects.map((p) => p.name)).toEqual(['Undo source']);
  }, 120_000);

  it('an export answers UNAVAILABLE naming the heuristics subject', async () => {
    const error = await failure(() => client.bus.request(ProjectSnapshotSubjects.export, {}, { ...LONG, projectId }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/^part "heuristics": no service answers heuristics\.project-snapshot\.export\.v1/) });
  }, 120_000);

  it('answers NOT_FOUND for another organization’s archive, and VALIDATION_FAILED for an upload out of order', async () => {
    const stranger: Actor = { userId: 'eve', orgId: 'org-elsewhere', role: 'owner' };
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset: 0 }, { actor: stranger }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.import, { archiveId }, { actor: stranger }))).toMatchObject({ code: 'NOT_FOUND' });
    const first = await client.bus.request(ProjectSnapshotSubjects.upload, { uploadId: null, offset: 0, data: Buffer.from('PK').toString('base64'), final: false }, { actor: ADA });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.upload, { uploadId: first.uploadId, offset: 5, data: '', final: true }, { actor: ADA }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'payload.offset: the upload has 2 bytes; the next chunk starts there, not at 5',
    });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.upload, { uploadId: null, offset: 3, data: '', final: true }, { actor: ADA }))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.upload, { uploadId: first.uploadId, offset: 2, data: '', final: false }, { actor: stranger }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.delete, { archiveId }, { actor: stranger }))).toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);

  it('keeps an archive to its maker and to the members of its source project asking through it', async () => {
    // a colleague in the same organization, engineer of another project
    const colleague: Actor = { userId: 'bob', orgId: ADA.orgId, role: 'engineer' };
    const otherProject = (await client.bus.request(ProjectSubjects.create, { name: 'Undo other' }, { actor: ADA })).id;
    for (const projectScope of [null, otherProject]) {
      const meta = { actor: colleague, projectId: projectScope };
      expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.get, { archiveId }, meta))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset: 0 }, meta))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.delete, { archiveId }, meta))).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.import, { archiveId }, { actor: colleague }))).toMatchObject({ code: 'NOT_FOUND' });
    // through the source project (the gateway checked the colleague's role there) it is theirs to read
    const viaSource = await client.bus.request(ProjectSnapshotSubjects.get, { archiveId }, { actor: colleague, projectId });
    expect(viaSource.sourceProjectId).toBe(projectId);
    expect((await client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset: 0, length: 16 }, { actor: colleague, projectId })).offset).toBe(0);
  }, 120_000);

  it('describes an archive and deletes it (then it is gone)', async () => {
    const info = await client.bus.request(ProjectSnapshotSubjects.get, { archiveId }, { actor: ADA });
    expect(info).toMatchObject({ archiveId, fileName: 'Undo_source.refinery-snapshot.zip', encrypted: false, origin: 'export', sourceProjectId: projectId });
    expect(info.bytes).toBeGreaterThan(0);
    await client.bus.request(ProjectSnapshotSubjects.delete, { archiveId }, { actor: ADA });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.get, { archiveId }, { actor: ADA }))).toMatchObject({ code: 'NOT_FOUND', message: `snapshot archive ${archiveId} not found` });
    expect(await failure(() => client.bus.request(ProjectSnapshotSubjects.download, { archiveId, offset: 0 }, { actor: ADA }))).toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);
});
