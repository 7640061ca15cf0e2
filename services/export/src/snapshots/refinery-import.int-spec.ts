import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AssociationSubjects,
  ExportSnapshotSubjects,
  HealthSubjects,
  HeuristicSubjects,
  RunSubjects,
  LookupListSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  AttributeSubjects,
  EmbeddingSubjects,
  SimilaritySubjects,
  type Actor,
  type RecordView,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// The import is a conversation with the records and heuristics services: the test runs them (as tests/platform does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { embeddingsService } from '@refinery/service-embeddings';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { heuristicsService } from '@refinery/service-heuristics';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { exportService } from '../export.service-definition.js';

const ACTOR: Actor = { userId: 'ada', orgId: 'org-import', role: 'owner' };
const SAMPLES = join(
  process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(import.meta.dirname, '../../../../../shared/data'),
  'refinery-samples',
);
const LONG = { timeoutMs: 300_000 };

describe('importing refinery sample snapshots', () => {
  let dir: string;
  let records: RunningService;
  let heuristics: RunningService;
  let embeddings: RunningService;
  let exporter: RunningService;
  let client: TestBus;

  beforeAll(async () => {
    // The samples the service sees: two real ones, a corrupt one, and a missing one.
    dir = mkdtempSync(join(tmpdir(), 'refinery-samples-'));
    symlinkSync(join(SAMPLES, 'clickbait_initial.zip'), join(dir, 'clickbait_initial.zip'));
    symlinkSync(join(SAMPLES, 'clickbait.zip'), join(dir, 'clickbait.zip'));
    writeFileSync(join(dir, 'ag_news.zip'), Buffer.from('PK\u0003\u0004 this is not a zip archive'));
    const env = testEnv({ REFINERY_SAMPLES_DIR: dir });
    records = await startService(recordsService, env, []);
    heuristics = await startService(heuristicsService, env, []);
    embeddings = await startService(embeddingsService, env, []);
    exporter = await startService(exportService, env, []);
    client = await testBus(env);
    await expectEventually(() => client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => client.bus.request(HealthSubjects.export.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => client.bus.request(HealthSubjects.heuristics.check, {}), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await client?.close();
    await exporter?.close();
    await heuristics?.close();
    await embeddings?.close();
    await records?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Generous: the machine is shared, and a 500-record page with label summaries is a big reply.
  const inProject = (projectId: string) => ({ actor: ACTOR, projectId, timeoutMs: 30_000 });

  async function allRecords(projectId: string): Promise<RecordView[]> {
    const out: RecordView[] = [];
    let afterSeq: number | null = -1;
    while (afterSeq !== null) {
      const page: { records: RecordView[]; nextAfterSeq: number | null } = await client.bus.request(RecordSubjects.list, { afterSeq, limit: 500 }, inProject(projectId));
      out.push(...page.records);
      afterSeq = page.nextAfterSeq;
    }
    return out;
  }

  async function failure(payload: { sampleId: 'ag-news' | 'ag-news-initial' | 'clickbait-initial'; name?: string }) {
    try {
      await client.bus.request(ExportSnapshotSubjects.importRefinery, payload, { actor: ACTOR, ...LONG });
    } catch (error) {
      return error as { code: string; message: string };
    }
    throw new Error(`importing ${payload.sampleId} succeeded but should fail`);
  }

  it('imports "clickbait – initial": 3,000 records and its two tasks', async () => {
    const t0 = performance.now();
    const reply = await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait-initial' }, { actor: ACTOR, ...LONG });
    process.stderr.write(`clickbait-initial imported in ${Math.round(performance.now() - t0)} ms (job ${reply.durationMs} ms)\n`);
    expect(reply.counts).toMatchObject({ records: 3_000, tasks: 2, manualLabels: 0, heuristicOutputs: 0, weakSupervisionLabels: 0 });

    const project = await client.bus.request(ProjectSubjects.get, {}, inProject(reply.projectId));
    expect(project).toMatchObject({ orgId: ACTOR.orgId, recordCount: 3_000, taskCount: 2 });
    const { attributes } = await client.bus.request(AttributeSubjects.list, {}, inProject(reply.projectId));
    const headline = attributes.find((a) => a.name === 'headline');
    expect(headline?.dataType).toBe('TEXT');
    const { tasks } = await client.bus.request(TaskSubjects.list, {}, inProject(reply.projectId));
    const byName = new Map(tasks.map((t) => [t.name, t]));
    expect(byName.get('clickbait')).toMatchObject({ kind: 'CLASSIFICATION', attributeId: null });
    expect(byName.get('clickbait')?.labels.map((l) => l.name).sort()).toEqual(['no', 'yes']);
    expect(byName.get('indicators')).toMatchObject({ kind: 'EXTRACTION', attributeId: headline?.id });
    expect(byName.get('indicators')?.labels.map((l) => l.name).sort()).toEqual(['clickbait_expression', 'country_related']);
    const first = await client.bus.request(RecordSubjects.list, { limit: 2 }, inProject(reply.projectId));
    expect(typeof first.records[0]?.data['headline']).toBe('string');
  }, 300_000);

  it('imports the full clickbait snapshot with manual labels, spans, heuristic outputs and weak supervision', async () => {
    const t0 = performance.now();
    const reply = await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait', name: 'Clickbait (full)' }, { actor: ACTOR, ...LONG });
    process.stderr.write(`clickbait imported in ${Math.round(performance.now() - t0)} ms (job ${reply.durationMs} ms)\n`);
    expect(reply.counts).toMatchObject({ records: 3_000, manualLabels: 83, manualSpans: 40, heuristicOutputs: 7_119, weakSupervisionLabels: 3_000 });

    const { tasks } = await client.bus.request(TaskSubjects.list, {}, inProject(reply.projectId));
    const clickbait = tasks.find((t) => t.name === 'clickbait');
    const indicators = tasks.find((t) => t.name === 'indicators');
    if (!clickbait || !indicators) throw new Error('tasks missing');
    const all = await allRecords(reply.projectId);
    expect(all).toHaveLength(3_000);
    const summaries = all.map((r) => r.labels[clickbait.id]);
    expect(summaries.filter((s) => s?.manual.length).length).toBe(83);
    expect(summaries.filter((s) => s?.weakSupervision.length).length).toBe(3_000);
    expect(summaries.every((s) => !s?.weakSupervision.length || (s.weakSupervisionConfidence ?? -1) >= 0)).toBe(true);
    const heuristicSources = new Set(all.flatMap((r) => Object.values(r.labels).flatMap((s) => s.heuristicBy.map((b) => b.split('|')[0]))));
    expect(heuristicSources.size).toBe(5);

    // The heuristics service holds their code under the ids records keeps their outputs under, and the lookup lists.
    const stored = (await client.bus.request(HeuristicSubjects.list, {}, inProject(reply.projectId))).heuristics;
    expect(stored.map((h) => h.name).sort()).toEqual(['DistilbertLR', 'DistilbertTree', 'lkp_clickbait_expression', 'lkp_country_related', 'starts_with_digit']);
    expect(new Set(stored.map((h) => h.id))).toEqual(heuristicSources);
    expect(stored.every((h) => h.taskId === clickbait.id)).toBe(true);
    expect(stored.filter((h) => h.readOnlyReason !== null).map((h) => h.name)).toEqual(['starts_with_digit']);
    // refinery's active learners become ours and run again on the imported distilbert vectors
    const learners = stored.filter((h) => h.kind === 'ACTIVE_LEARNER');
    expect(learners.map((h) => [h.name, h.config?.['embedding'], h.config?.['model']]).sort()).toEqual([
      ['DistilbertLR', 'headline-classification-distilbert-base-uncased', 'logistic-regression'],
      ['DistilbertTree', 'headline-classification-distilbert-base-uncased', 'decision-tree'],
    ]);
    const { runs } = await client.bus.request(RunSubjects.start, { heuristicIds: learners.map((h) => h.id) }, inProject(reply.projectId));
    for (const started of runs) {
      const run = await expectEventually(
        async () => {
          const r = await client.bus.request(RunSubjects.get, { runId: started.id }, inProject(reply.projectId));
          if (r.state === 'queued' || r.state === 'running') throw new Error(`run ${r.state}`);
          return r;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(run).toMatchObject({ state: 'succeeded', error: null });
      expect(run.counts.records).toBe(3_000);
      expect(run.counts.hits).toBeGreaterThan(1_000);
      expect(run.logs.join('\n')).toMatch(/trained on \d+ of \d+ labelled records/);
    }
    const lists = (await client.bus.request(LookupListSubjects.list, {}, inProject(reply.projectId))).lists;
    expect(lists.map((l) => [l.pythonVariable, l.termCount]).sort()).toEqual([
      ['clickbait_expression', 17],
      ['country_related', 22],
    ]);

    // The spans: character ranges whose text reads as refinery's token spans did.
    const spanned = all.filter((r) => r.labels[indicators.id]?.manual.length);
    const spans = [];
    for (const r of spanned) {
      const { associations } = await client.bus.request(AssociationSubjects.list, { recordId: r.id, taskId: indicators.id }, inProject(reply.projectId));
      for (const a of associations.filter((x) => x.source === 'MANUAL')) {
        const headline = String(r.data['headline']);
        expect(a.start).not.toBeNull();
        expect(headline.slice(a.start ?? 0, a.end ?? 0)).toBe(a.text);
        spans.push(a.text);
      }
    }
    expect(spans).toHaveLength(40);
    expect(spans).toEqual(expect.arrayContaining(['U.S.', 'New Zealand', "Here's What"]));

  }, 300_000);

  it('imports the snapshot\'s distilbert vectors as a frozen embedding usable for similarity', async () => {
    const project = (await client.bus.request(ProjectSubjects.list, {}, { actor: ACTOR })).projects.find((p) => p.name === 'Clickbait (full)');
    if (!project) throw new Error('the full clickbait import is missing');
    const all = await allRecords(project.id);
    const { embeddings: imported } = await client.bus.request(EmbeddingSubjects.list, {}, inProject(project.id));
    expect(imported).toEqual([
      expect.objectContaining({ name: 'headline-classification-distilbert-base-uncased', frozen: true, state: 'FINISHED', vectors: 3_000, dims: 64 }),
    ]);
    const similar = await client.bus.request(SimilaritySubjects.find, { embeddingId: imported[0]!.id, recordId: all[0]!.id, threshold: 'none', limit: 10 }, inProject(project.id));
    expect(similar.hits).toHaveLength(10);
    const ids = new Set(all.map((r) => r.id));
    expect(similar.hits.every((x) => ids.has(x.id))).toBe(true);
  }, 300_000);

  it('imports the same snapshot again as another project with heuristics of its own', async () => {
    const names = async (projectId: string) => (await client.bus.request(HeuristicSubjects.list, {}, inProject(projectId))).heuristics;
    const first = (await client.bus.request(ProjectSubjects.list, {}, { actor: ACTOR })).projects.find((p) => p.name === 'Clickbait (full)');
    if (!first) throw new Error('the full clickbait import is missing');
    const reply = await client.bus.request(ExportSnapshotSubjects.importRefinery, { sampleId: 'clickbait', name: 'Clickbait (again)' }, { actor: ACTOR, ...LONG });
    const [before, again] = [await names(first.id), await names(reply.projectId)];
    expect(again.map((h) => h.name).sort()).toEqual(before.map((h) => h.name).sort());
    expect(again.filter((h) => before.some((b) => b.id === h.id))).toEqual([]);
    const lists = (await client.bus.request(LookupListSubjects.list, {}, inProject(reply.projectId))).lists;
    expect(lists.reduce((n, l) => n + l.termCount, 0)).toBe(39);
  }, 300_000);

  it('answers NOT_FOUND naming the path when the sample file is missing', async () => {
    const error = await failure({ sampleId: 'ag-news-initial' });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain(join(dir, 'ag_news_initial.zip'));
  });

  it('answers VALIDATION_FAILED for a corrupt zip and leaves no project behind', async () => {
    const before = await client.bus.request(ProjectSubjects.list, {}, { actor: ACTOR });
    const error = await failure({ sampleId: 'ag-news' });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('ag-news');
    const after = await client.bus.request(ProjectSubjects.list, {}, { actor: ACTOR });
    expect(after.projects).toHaveLength(before.projects.length);
  });

  it('answers CONFLICT when the project name is taken', async () => {
    const error = await failure({ sampleId: 'clickbait-initial', name: 'Clickbait (full)' });
    expect(error.code).toBe('CONFLICT');
  });
});
