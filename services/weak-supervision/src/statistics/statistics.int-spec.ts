import {
  AssociationSubjects,
  TaskSubjects,
  WeakSupervisionStatisticsEvents,
  WeakSupervisionStatisticsSubjects,
  type HeuristicLabelStatistics,
  type TaskHeuristicStatistics,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { smallProject, type SmallProject } from '../test-support/small-project.js';
import { spanProject } from '../test-support/span-project.js';
import { ANNOTATOR, EXPERT, labelOf, OUTSIDER, WsHarness } from '../test-support/ws-harness.js';

const S = WeakSupervisionStatisticsSubjects;
/** Debounced recomputes go through a job: generous on a shared, busy machine. */
const SLOW = { timeoutMs: 30_000 };

function row(stats: TaskHeuristicStatistics, sourceId: string, labelId: string): HeuristicLabelStatistics {
  const found = stats.heuristics.find((s) => s.sourceId === sourceId && s.labelId === labelId);
  if (!found) throw new Error(`no statistics for ${sourceId} / ${labelId}`);
  return found;
}

describe('heuristic statistics', () => {
  let h: WsHarness;
  let p: SmallProject;
  beforeAll(async () => {
    h = await WsHarness.start();
    p = await smallProject(h);
  }, 60_000);
  afterAll(async () => h?.close());

  it('are computed after heuristic outputs and manual labels change, without being asked (hand-computed)', async () => {
    // The last change was a manual label: the debounced recompute sees all three labels.
    const stats = await expectEventually(async () => {
      const s = await h.call(S.get, { taskId: p.task.id }, p.projectId);
      expect(s.referenceRecords).toBe(3);
      return s;
    }, SLOW);
    expect(stats).toMatchObject({ taskId: p.task.id, kind: 'CLASSIFICATION', records: 8, activeLearnerSourceIds: [] });
    expect(['labels-changed', 'heuristics-changed']).toContain(stats.trigger);
    // lf-a/yes on r0..r3: others fire on r0 (c), r2 (b), r3 (c); disagree on r2 (b: no), r3 (c: no);
    // references r0 = yes (TP), r2 = no (FP); no yes-reference is missed.
    expect(row(stats, 'lf-a', p.yes)).toMatchObject({ coverage: 4, hits: 4, overlaps: 3, conflicts: 2, truePositives: 1, falsePositives: 1, support: 2, precision: 0.5, falseNegatives: 0, recall: 1 });
    expect(row(stats, 'lf-b', p.no)).toMatchObject({ coverage: 3, overlaps: 2, conflicts: 1, truePositives: 2, falsePositives: 0, precision: 1, recall: 1 });
    expect(row(stats, 'lf-c', p.yes)).toMatchObject({ coverage: 1, overlaps: 1, conflicts: 0, truePositives: 1, precision: 1 });
    // lf-c/no on r3, r5: r2's "no" reference is missed → recall 1/2
    expect(row(stats, 'lf-c', p.no)).toMatchObject({ coverage: 2, overlaps: 2, conflicts: 1, truePositives: 1, falseNegatives: 1, support: 1, recall: 0.5 });
    // Beta prior: pooled precision (5 TP of 6 supported + 1) / (6 + 2) = 0.75 with strength 2
    expect(row(stats, 'lf-a', p.yes).estimatedPrecision).toBeCloseTo((1 + 2 * 0.75) / 4, 12);
    expect(row(stats, 'lf-c', p.no).estimatedPrecision).toBeCloseTo((1 + 2 * 0.75) / 3, 12);
    for (const s of stats.heuristics) {
      expect(s.conflicts).toBeLessThanOrEqual(s.overlaps);
      expect(s.overlaps).toBeLessThanOrEqual(s.coverage);
    }
  });

  it('recompute on request; an active learner’s training records leave its support (kept for later recomputes)', async () => {
    const updated = await h.events(WeakSupervisionStatisticsEvents.updated);
    const stats = await h.call(S.recompute, { taskId: p.task.id, activeLearnerSourceIds: ['lf-c'] }, p.projectId);
    expect(stats).toMatchObject({ trigger: 'requested', activeLearnerSourceIds: ['lf-c'] });
    expect(row(stats, 'lf-c', p.no)).toMatchObject({ coverage: 2, truePositives: 0, falsePositives: 0, support: 0, precision: null, falseNegatives: 0, recall: null });
    // pooled prior without lf-c: (3 + 1) / (4 + 2) = 2/3 — never a silent 0
    expect(row(stats, 'lf-c', p.no).estimatedPrecision).toBeCloseTo(2 / 3, 12);
    await expectEventually(() => expect(updated).toContainEqual(expect.objectContaining({ projectId: p.projectId, taskId: p.task.id, trigger: 'requested' })), SLOW);

    // A manual label changes: r1 is "no" → lf-a/yes gains a false positive; lf-c stays a learner.
    await h.call(AssociationSubjects.classify, { recordId: p.recordIds[1]!, taskId: p.task.id, labelIds: [p.no] }, p.projectId);
    const after = await expectEventually(async () => {
      const s = await h.call(S.get, { taskId: p.task.id }, p.projectId);
      expect(s.trigger).toBe('labels-changed');
      expect(row(s, 'lf-a', p.yes).support).toBe(3);
      return s;
    }, SLOW);
    expect(row(after, 'lf-a', p.yes)).toMatchObject({ truePositives: 1, falsePositives: 2 });
    expect(after.activeLearnerSourceIds).toEqual(['lf-c']);
    expect((await h.call(S.list, {}, p.projectId)).tasks.map((t) => t.taskId)).toEqual([p.task.id]);
  });

  it('go with a deleted task', async () => {
    const { projectId, recordIds } = await h.project(2);
    const task = await h.task(projectId, 'short-lived', 'CLASSIFICATION', ['a', 'b']);
    await h.heuristic(projectId, task.id, 'lf', [{ recordId: recordIds[0]!, labelId: labelOf(task, 'a'), confidence: null }]);
    // the automatic recompute after the outputs, so that none is still pending at the deletion
    await expectEventually(() => h.call(S.get, { taskId: task.id }, projectId), SLOW);
    await h.call(TaskSubjects.delete, { taskId: task.id }, projectId);
    await expectEventually(async () => expect(await h.error(S.get, { taskId: task.id }, projectId)).toMatchObject({ code: 'NOT_FOUND' }), SLOW);
  });

  it('handle multi-label tasks label by label (hand-computed)', async () => {
    const { projectId, recordIds } = await h.project(3);
    const task = await h.task(projectId, 'topics', 'MULTI_LABEL_CLASSIFICATION', ['sports', 'politics']);
    const [sports, politics] = [labelOf(task, 'sports'), labelOf(task, 'politics')];
    await h.heuristic(projectId, task.id, 'kw-match', [
      { recordId: recordIds[0]!, labelId: sports, confidence: null },
      { recordId: recordIds[0]!, labelId: politics, confidence: null },
      { recordId: recordIds[1]!, labelId: politics, confidence: null },
    ]);
    await h.heuristic(projectId, task.id, 'kw-sport', [{ recordId: recordIds[0]!, labelId: sports, confidence: null }]);
    await h.call(AssociationSubjects.classify, { recordId: recordIds[0]!, taskId: task.id, labelIds: [sports] }, projectId);
    const stats = await h.call(S.recompute, { taskId: task.id }, projectId);
    // r0: kw-match says sports + politics, kw-sport says sports only → politics conflicts, sports does not
    expect(row(stats, 'kw-match', politics)).toMatchObject({ coverage: 2, overlaps: 1, conflicts: 1, truePositives: 0, falsePositives: 1, precision: 0 });
    expect(row(stats, 'kw-match', sports)).toMatchObject({ coverage: 1, overlaps: 1, conflicts: 0, truePositives: 1, precision: 1, recall: 1 });
    expect(row(stats, 'kw-sport', sports)).toMatchObject({ coverage: 1, overlaps: 1, conflicts: 0 });
  });

  it('check the caller: organization, role, project id, task and payload', async () => {
    expect(await h.error(S.get, { taskId: p.task.id }, p.projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(S.recompute, { taskId: p.task.id }, p.projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(S.recompute, { taskId: p.task.id }, p.projectId, EXPERT)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.call(S.get, { taskId: p.task.id }, p.projectId, EXPERT)).taskId).toBe(p.task.id);
    expect(await h.error(S.get, { taskId: p.task.id }, null)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('projectId') });
    expect(await h.error(S.get, { taskId: 'no-such-task' }, p.projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(S.recompute, { taskId: 'no-such-task' }, p.projectId)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-task') });
    expect(await h.raw(S.recompute, { taskId: p.task.id, activeLearnerSourceIds: 'lf-c' }, p.projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.activeLearnerSourceIds'),
    });
    expect(await h.raw(S.get, {}, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('payload.taskId') });
    expect(await h.raw(S.list, { extra: 1 }, p.projectId)).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('of an extraction task are counted at token level (hand-computed)', async () => {
    const sp = await spanProject(h);
    const stats = await h.call(S.recompute, { taskId: sp.task.id }, sp.projectId);
    expect(stats).toMatchObject({ kind: 'EXTRACTION', records: 2, referenceRecords: 1 });
    // city: Berlin and Paris of r0 are annotated tokens (TP 2); r1 is not annotated; 3 spans on 2 records
    expect(row(stats, 'lookup-cities', sp.city)).toMatchObject({ coverage: 2, hits: 3, overlaps: 0, conflicts: 0, truePositives: 2, falsePositives: 0, falseNegatives: 0, precision: 1, recall: 1 });
    // sport: "in football" against "football" → TP 1 (football), FP 1 (in)
    expect(row(stats, 'lookup-sport', sp.sport)).toMatchObject({ coverage: 1, hits: 1, truePositives: 1, falsePositives: 1, falseNegatives: 0, precision: 0.5, recall: 1 });
    // pooled token precision (3 + 1) / (4 + 2) = 2/3, strength 2
    expect(row(stats, 'lookup-sport', sp.sport).estimatedPrecision).toBeCloseTo((1 + 4 / 3) / 4, 12);
  });
});
