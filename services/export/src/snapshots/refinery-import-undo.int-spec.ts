import { join, resolve } from 'node:path';
import { ExportSnapshotSubjects, HealthSubjects, ProjectSubjects, type Actor } from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// The import is a conversation with the records service: the test runs it (as tests/platform does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

const ACTOR: Actor = { userId: 'ada', orgId: 'org-import-undo', role: 'owner' };
const SAMPLES = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(import.meta.dirname, '../../../../../shared/data'), 'refinery-samples');

// No heuristics service here: the records part commits, the heuristics part finds nobody to answer.
describe('a refinery import whose heuristics part fails after the records commit', () => {
  let records: RunningService;
  let exporter: RunningService;
  let client: TestBus;

  beforeAll(async () => {
    const env = testEnv({ REFINERY_SAMPLES_DIR: SAMPLES });
    records = await startService(recordsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    await expectEventually(() => client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => client.bus.request(HealthSubjects.export.check, {}), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await records?.close();
  });

  it('answers UNAVAILABLE naming the heuristics subject and deletes the project again', async () => {
    let error: { code?: string; message?: string } | undefined;
    try {
      await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait', name: 'Clickbait (undone)' }, { actor: ACTOR, timeoutMs: 300_000 });
    } catch (e) {
      error = e as { code?: string; message?: string };
    }
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('heuristics.snapshot-import.apply.v1') });
    const { projects } = await client.bus.request(ProjectSubjects.list, {}, { actor: ACTOR });
    expect(projects.filter((p) => p.name === 'Clickbait (undone)')).toEqual([]);
  }, 300_000);
});
