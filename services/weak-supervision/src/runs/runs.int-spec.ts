import {
  AssociationSubjects,
  LabelModelSubjects,
  ProjectSubjects,
  RecordSubjects,
  WeakSupervisionRunEvents,
  WeakSupervisionRunSubjects,
  WeakSupervisionStatisticsSubjects,
  type RecordView,
  type WeakSupervisionRun,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { smallProject, type SmallProject } from '../test-support/small-project.js';
import { spanProject } from '../test-support/span-project.js';
import { ANNOTATOR, EXPERT, labelOf, OUTSIDER, WsHarness } from '../test-support/ws-harness.js';

const R = WeakSupervisionRunSubjects;
/** refinery's σ(x) = 1 / (1 + e^(−7x + 3)). */
const sigma = (x: number) => 1 / (1 + Math.exp(-7 * x + 3));

describe('weak-supervision runs', () => {
  let h: WsHarness;
  let p: SmallProject;
  beforeAll(async () => {
    h = await WsHarness.start();
    p = await smallProject(h);
  }, 60_000);
  afterAll(async () => h?.close());

  async function finished(runId: string, projectId = p.projectId): Promise<WeakSupervisionRun> {
    return expectEventually(
      async () => {
        const run = await h.call(R.get, { runId }, projectId);
        if (run.state !== 'COMPLETED' && run.state !== 'FAILED') throw new Error(`run ${runId} is ${run.state}`);
        return run;
      },
      { timeoutMs: 30_000 },
    );
  }

  async function weakLabels(projectId = p.projectId): Promise<Map<number, { label: string | undefined; confidence: number | null }>> {
    const { records } = await h.call(RecordSubjects.list, { limit: 500 }, projectId);
    return new Map(
      records
        .map((r: RecordView, i: number) => [i, r.labels[p.task.id]] as const)
        .filter(([, s]) => s?.weakSupervision.length)
        .map(([i, s]) => [i, { label: s?.weakSupervision[0], confidence: s?.weakSupervisionConfidence ?? null }]),
    );
  }

  it('writes WEAK_SUPERVISION labels with refinery’s confidences, keeps parameters, summary and quality (hand-computed)', async () => {
    const progress = await h.events(WeakSupervisionRunEvents.progress);
    const done = await h.events(WeakSupervisionRunEvents.finished);
    const queued = await h.call(R.start, { taskId: p.task.id, model: 'refinery-voting' }, p.projectId);
    expect(queued).toMatchObject({
      state: 'QUEUED',
      createdBy: 'ada',
      parameters: { taskId: p.task.id, model: 'refinery-voting', heuristicIds: null, activeLearnerSourceIds: [], includeUncovered: false },
    });
    const run = await finished(queued.id);
    expect(run.error).toBeNull();
    expect(run.state).toBe('COMPLETED');

    // Precisions on the references: lf-a→yes 1/2, lf-b→no 2/2, lf-c→yes 1/1, lf-c→no 1/1.
    const ws = await weakLabels();
    const expected: [number, string, number][] = [
      [0, p.yes, sigma(0.5 + 1)],
      [1, p.yes, sigma(0.5)],
      [2, p.no, sigma(1 - 0.5)],
      [3, p.no, sigma(1 - 0.5)],
      [4, p.no, sigma(1)],
      [5, p.no, sigma(2)],
    ];
    expect([...ws.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]); // r6, r7: no vote, no weak label
    for (const [i, label, confidence] of expected) {
      expect(ws.get(i)?.label).toBe(label);
      expect(ws.get(i)?.confidence).toBeCloseTo(confidence, 5);
    }
    expect(ws.get(1)?.confidence).toBeCloseTo(0.622, 3); // refinery's σ(0.5)

    expect(run.summary).toMatchObject({
      records: 8,
      covered: 6,
      written: 6,
      referenceRecords: 3,
      heuristicIds: ['lf-a', 'lf-b', 'lf-c'],
      distribution: { [p.yes]: 2, [p.no]: 4 },
      aggregator: 'refinery-voting',
    });
    expect(run.summary?.durationMs).toBeGreaterThan(0);
    expect(Object.keys(run.summary?.phasesMs ?? {}).sort()).toEqual(['evaluating', 'fitting', 'reading', 'statistics', 'writing']);
    // Leave-one-out over r0, r2, r5: without r2's label lf-a→yes and lf-b→no both weigh 1 and the
    // tie goes to the first label (yes) — wrong; r0 and r5 are right. Majority vote: r0 yes/yes,
    // r5 no/no, and r2's yes/no tie falls on "no" (first draw of the seed-42 PRNG, 0.60 → index 1).
    expect(run.quality).toEqual({
      folds: 3,
      evaluated: 3,
      covered: 3,
      model: { name: 'refinery-voting', correct: 2, accuracy: 2 / 3 },
      majorityVote: { name: 'majority-vote', correct: 3, accuracy: 1 },
    });

    await expectEventually(() => expect(done).toContainEqual(expect.objectContaining({ runId: run.id, state: 'COMPLETED', summary: run.summary })), { timeoutMs: 30_000 });
    const phases = new Set(progress.filter((e) => e.runId === run.id).map((e) => e.phase));
    expect([...phases].sort()).toEqual(['fitting', 'reading', 'statistics', 'writing']);
    const statistics = await h.call(WeakSupervisionStatisticsSubjects.get, { taskId: p.task.id }, p.projectId);
    expect(['run', 'labels-changed', 'heuristics-changed']).toContain(statistics.trigger);
  });

  it('combines only the chosen heuristics, with the default model, and replaces the previous labels', async () => {
    const started = await h.call(R.start, { taskId: p.task.id, heuristicIds: ['lf-a', 'not-a-heuristic'] }, p.projectId);
    expect(started.parameters).toMatchObject({ model: 'refinery-plus', heuristicIds: ['lf-a', 'not-a-heuristic'] });
    const run = await finished(started.id);
    expect(run).toMatchObject({ state: 'COMPLETED', summary: { heuristicIds: ['lf-a'], written: 4, covered: 4, distribution: { [p.yes]: 4, [p.no]: 0 } } });
    const ws = await weakLabels();
    expect([...ws.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect([...ws.values()].every((w) => w.label === p.yes)).toBe(true);

    const everything = await finished((await h.call(R.start, { taskId: p.task.id, model: 'majority-vote', includeUncovered: true }, p.projectId)).id);
    expect(everything.summary).toMatchObject({ written: 8, covered: 6 });
    expect((await weakLabels()).size).toBe(8);

    const { runs } = await h.call(R.list, { taskId: p.task.id }, p.projectId);
    expect(runs.map((r) => r.id).slice(0, 2)).toEqual([everything.id, run.id]);
    expect((await h.call(R.list, { limit: 1 }, p.projectId, EXPERT)).runs).toHaveLength(1);
  });

  it('lets concurrent runs of a task leave exactly one complete label set', async () => {
    const starts = await Promise.all([
      h.call(R.start, { taskId: p.task.id, model: 'majority-vote' }, p.projectId),
      h.call(R.start, { taskId: p.task.id, model: 'refinery-voting' }, p.projectId),
    ]);
    const runs = await Promise.all(starts.map((r) => finished(r.id)));
    // the later writer supersedes an unfinished one, which then fails with CONFLICT
    for (const run of runs) expect(run.state === 'COMPLETED' || run.error?.code === 'CONFLICT').toBe(true);
    expect(runs.some((r) => r.state === 'COMPLETED')).toBe(true);
    expect([...(await weakLabels()).keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails a run whose heuristics have no outputs, keeping the previous labels', async () => {
    const before = await weakLabels();
    const failed = await finished((await h.call(R.start, { taskId: p.task.id, heuristicIds: ['silent'] }, p.projectId)).id);
    expect(failed).toMatchObject({ state: 'FAILED', error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('no chosen heuristic has outputs') } });
    expect(await weakLabels()).toEqual(before);
  });

  it('weighs every vote by the confidence its heuristic stored (an active learner’s probability, hand-computed)', async () => {
    const { projectId, recordIds } = await h.project(3);
    const task = await h.task(projectId, 'learned', 'CLASSIFICATION', ['yes', 'no']);
    const [yes, no] = [labelOf(task, 'yes'), labelOf(task, 'no')];
    const [r0, r1] = recordIds as [string, string];
    await h.heuristic(projectId, task.id, 'lf', [{ recordId: r0, labelId: yes, confidence: null }]);
    await h.heuristic(projectId, task.id, 'learner', [
      { recordId: r0, labelId: no, confidence: 0.5 },
      { recordId: r1, labelId: no, confidence: 0.5 },
    ]);
    const run = await finished((await h.call(R.start, { taskId: task.id, model: 'refinery-voting' }, projectId)).id, projectId);
    expect(run).toMatchObject({ state: 'COMPLETED', summary: { records: 3, covered: 2, written: 2 } });
    const { records } = await h.call(RecordSubjects.list, { limit: 10 }, projectId);
    const ws = records.map((r) => [r.labels[task.id]?.weakSupervision[0], r.labels[task.id]?.weakSupervisionConfidence]);
    // no references: precision 0.8 each; r0 yes 0.8·1 against no 0.8·0.5 → σ(0.4) (a tie with confidence 1); r1 no 0.8·0.5 → σ(0.4)
    expect(ws.slice(0, 2)).toEqual([
      [yes, expect.closeTo(sigma(0.4), 5)],
      [no, expect.closeTo(sigma(0.4), 5)],
    ]);
    expect(ws[2]?.[0]).toBeUndefined();
  });

  it('aggregates extraction spans at token level and writes them back as character spans (hand-computed)', async () => {
    const sp = await spanProject(h);
    const run = await finished((await h.call(R.start, { taskId: sp.task.id }, sp.projectId)).id, sp.projectId);
    expect(run).toMatchObject({ state: 'COMPLETED', quality: null, summary: { records: 2, covered: 2, written: 4, aggregator: 'extraction-token-nms', distribution: { [sp.city]: 3, [sp.sport]: 1 } } });
    // token precision: city 2/2, sport 1/2; Beta prior mean (3 + 1) / (4 + 2), strength 2
    const city = (2 + 4 / 3) / 4;
    const sport = (1 + 4 / 3) / 4;
    const spans = async (recordId: string) =>
      (await h.call(AssociationSubjects.list, { recordId, taskId: sp.task.id }, sp.projectId)).associations
        .filter((a) => a.source === 'WEAK_SUPERVISION')
        .map((a) => [a.labelId, a.start, a.end, a.text, a.confidence])
        .sort((x, y) => Number(x[1]) - Number(y[1]));
    expect(await spans(sp.recordIds[0]!)).toEqual([
      [sp.city, 0, 6, 'Berlin', expect.closeTo(city, 5)],
      [sp.city, 13, 18, 'Paris', expect.closeTo(city, 5)],
      [sp.sport, 19, 30, 'in football', expect.closeTo(sport, 5)],
    ]);
    expect(await spans(sp.recordIds[1]!)).toEqual([[sp.city, 0, 5, 'Paris', expect.closeTo(city, 5)]]);
  });

  it('lists the label models with the default', async () => {
    const { models } = await h.call(LabelModelSubjects.list, {}, null);
    expect(models.map((m) => m.name).sort()).toEqual(['dawid-skene', 'majority-vote', 'refinery-plus', 'refinery-voting']);
    expect(models.filter((m) => m.default).map((m) => m.name)).toEqual(['refinery-plus']);
  });

  it('checks the caller and every input', async () => {
    const start = { taskId: p.task.id };
    expect(await h.error(R.start, start, p.projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(R.start, start, p.projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(R.start, start, p.projectId, EXPERT)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(R.start, start, null)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('projectId') });
    expect(await h.error(R.start, { taskId: 'nope' }, p.projectId)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nope') });
    expect(await h.error(R.get, { runId: 'nope' }, p.projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.raw(R.start, { taskId: p.task.id, model: 'snorkel' }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.model') });
    expect(await h.raw(R.start, { taskId: p.task.id, heuristicIds: [] }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.heuristicIds') });
    expect(await h.raw(R.start, { taskId: p.task.id, includeUncovered: 'yes' }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.includeUncovered') });
    expect(await h.raw(R.list, { limit: 0 }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.limit') });
    expect(await h.raw(R.get, {}, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.runId') });
    const empty = await h.task(p.projectId, 'no labels yet', 'CLASSIFICATION', []);
    expect(await h.error(R.start, { taskId: empty.id }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('has no labels') });
  });

  it('deletes its data of a deleted project', async () => {
    const other = await smallProject(h);
    await finished((await h.call(R.start, { taskId: other.task.id }, other.projectId)).id, other.projectId);
    await expectEventually(async () => expect(await h.countStored('task_statistics', other.projectId)).toBe(1), { timeoutMs: 30_000 });
    expect(await h.countStored('runs', other.projectId)).toBe(1);
    await h.call(ProjectSubjects.delete, {}, other.projectId);
    await expectEventually(async () => {
      expect(await h.countStored('runs', other.projectId)).toBe(0);
      expect(await h.countStored('task_statistics', other.projectId)).toBe(0);
    }, { timeoutMs: 30_000 });
    expect(await h.error(R.list, {}, other.projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.countStored('runs', p.projectId)).toBeGreaterThan(0);
  });
});
