import { gunzipSync } from 'node:zlib';
import {
  ExportSnapshotSubjects,
  HealthSubjects,
  HeuristicSubjects,
  RecordExportSubjects,
  TaskSubjects,
  type Actor,
  type RecordExport,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// The quickstart project comes in through a snapshot import: records and heuristics run here too.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

const ACTOR: Actor = { userId: 'ada', orgId: 'org-layout', role: 'owner' };

describe('the export of the quickstart project', () => {
  let records: RunningService;
  let heuristics: RunningService;
  let exporter: RunningService;
  let client: TestBus;

  beforeAll(async () => {
    const env = testEnv();
    records = await startService(recordsService, env, []);
    heuristics = await startService(heuristicsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    for (const service of ['records', 'heuristics', 'export'] as const) {
      await expectEventually(() => client.bus.request(HealthSubjects[service].check, {}), { timeoutMs: 15_000 });
    }
  });

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await heuristics?.close();
    await records?.close();
  });

  it("matches refinery's column layout (attributes, MANUAL, WEAK_SUPERVISION, confidence, INFORMATION_SOURCE)", async () => {
    const { projectId } = await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait' }, { actor: ACTOR, timeoutMs: 300_000 });
    const inProject = { actor: ACTOR, projectId, timeoutMs: 30_000 };
    const { tasks } = await client.bus.request(TaskSubjects.list, {}, inProject);
    const { heuristics: imported } = await client.bus.request(HeuristicSubjects.list, {}, inProject);
    const task = (name: string) => tasks.find((t) => t.name === name)?.id ?? '';
    const heuristic = (name: string) => imported.find((h) => h.name === name)?.id ?? '';
    const queued = await client.bus.request(
      RecordExportSubjects.prepare,
      {
        format: 'JSON',
        tasks: [
          { taskId: task('clickbait'), heuristicIds: [heuristic('starts_with_digit'), heuristic('lkp_country_related')] },
          { taskId: task('indicators') },
        ],
      },
      inProject,
    );
    const done: RecordExport = await expectEventually(
      async () => {
        const e = await client.bus.request(RecordExportSubjects.get, { exportId: queued.id }, inProject);
        if (e.state !== 'DONE') throw new Error(`export is ${e.state} ${e.error ?? ''}`);
        return e;
      },
      { timeoutMs: 60_000 },
    );
    expect(done.rows).toBe(3_000);
    const parts: Buffer[] = [];
    for (let offset = 0; ; ) {
      const part = await client.bus.request(RecordExportSubjects.download, { exportId: done.id, offset }, inProject);
      parts.push(Buffer.from(part.data, 'base64'));
      offset += part.length;
      if (part.done) break;
    }
    const rows = JSON.parse(gunzipSync(Buffer.concat(parts)).toString('utf8')) as Record<string, unknown>[];
    expect(rows).toHaveLength(3_000);
    // refinery's names (gateway record export / SDK pull): attributes, then per task and source
    // `<attribute>__<task>__<SOURCE>`, `…__WEAK_SUPERVISION__confidence`, heuristics as
    // `…__INFORMATION_SOURCE__<name>`; `headline__tokenized`
    // is the token list under the name refinery's SDK gives it.
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'running_id',
      'headline',
      '__clickbait__MANUAL',
      '__clickbait__WEAK_SUPERVISION',
      '__clickbait__WEAK_SUPERVISION__confidence',
      '__clickbait__INFORMATION_SOURCE__starts_with_digit',
      '__clickbait__INFORMATION_SOURCE__lkp_country_related',
      'headline__tokenized',
      'headline__indicators__MANUAL',
      'headline__indicators__WEAK_SUPERVISION',
      'headline__indicators__WEAK_SUPERVISION__confidence',
    ]);
    // The sample's labels arrive: manual labels, heuristic outputs, weak supervision on every record.
    expect(rows.filter((r) => r['__clickbait__MANUAL'] !== null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r['__clickbait__INFORMATION_SOURCE__starts_with_digit'] !== null).length).toBeGreaterThan(0);
    expect(rows.every((r) => r['__clickbait__WEAK_SUPERVISION'] !== null)).toBe(true);
    for (const r of rows) {
      const tokens = r['headline__tokenized'] as string[];
      for (const column of ['headline__indicators__MANUAL', 'headline__indicators__WEAK_SUPERVISION']) {
        const tags = r[column] as string[] | null;
        if (tags !== null) expect(tags).toHaveLength(tokens.length);
      }
    }
    expect(rows.some((r) => (r['headline__indicators__MANUAL'] as string[] | null)?.some((t) => t.startsWith('B-')))).toBe(true);
  }, 300_000);
});
