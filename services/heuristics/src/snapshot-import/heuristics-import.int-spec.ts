import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HeuristicSubjects, HeuristicsSnapshotSubjects, LookupListSubjects, RunSubjects, type ImportedHeuristic } from '@refinery/contracts';
import { parseRefinerySnapshot, type RefinerySnapshot } from '@refinery/refinery-snapshot';
import { expectEventually } from '@refinery/server-testing';
import { HeuristicsHarness } from '../test-support/heuristics-harness.js';

const SAMPLE = join(process.env['REFINERY_SHARED_DATA_DIR'] ?? resolve(import.meta.dirname, '../../../../../shared/data'), 'refinery-samples', 'clickbait.zip');
const HEADLINES = ['Iraq votes on a new constitution', 'Which Disney princess are you', 'Britain and Iraq talk'];

describe("importing the heuristics of refinery's clickbait snapshot", () => {
  let h: HeuristicsHarness;
  let snapshot: RefinerySnapshot;
  beforeAll(async () => {
    h = await HeuristicsHarness.start({ HEURISTICS_PY_WARMUP: 'true' });
    snapshot = parseRefinerySnapshot(new Uint8Array(readFileSync(SAMPLE)));
  }, 120_000);
  afterAll(async () => h?.close());

  it(
    'imports code and lookup lists; what cannot run here stays read-only with the reason; the rest runs',
    async () => {
      const { projectId, headlineId } = await h.project(HEADLINES);
      const clickbait = await h.task(projectId, 'clickbait', 'CLASSIFICATION', ['no', 'yes']);
      await h.task(projectId, 'indicators', 'EXTRACTION', ['clickbait_expression', 'country_related'], headlineId);
      // The extraction labels' lists exist first (as after records' import); the snapshot's lists of the same names fill them.
      await expectEventually(async () => expect((await h.call(LookupListSubjects.list, {}, projectId)).lists).toHaveLength(2));
      const taskIds = new Map(snapshot.tasks.map((t) => [t.id, t.name === 'clickbait' ? clickbait.id : '']));
      const heuristics: ImportedHeuristic[] = snapshot.heuristics.map((x) => ({
        id: x.id,
        name: x.name,
        description: x.description,
        type: x.type,
        language: 'python',
        code: x.code,
        taskId: taskIds.get(x.taskId) ?? '',
        selected: x.isSelected,
      }));
      const lookupLists = snapshot.lookupLists.map((l) => ({ name: l.name, description: l.description, terms: l.terms.map((t) => ({ value: t.value, blacklisted: t.blacklisted })) }));
      const reply = await h.call(HeuristicsSnapshotSubjects.apply, { lookupLists, heuristics }, projectId);
      expect(reply).toMatchObject({ heuristics: 5, lookupLists: 2, terms: 39 });
      expect(reply.readOnly.map((r) => [r.name, r.reason.slice(0, 40)]).sort()).toEqual([['starts_with_digit', "line 2 uses spaCy's .ent_type_, which re"]]);
      const lists = (await h.call(LookupListSubjects.list, {}, projectId)).lists;
      expect(lists.map((l) => [l.pythonVariable, l.termCount]).sort()).toEqual([
        ['clickbait_expression', 17],
        ['country_related', 22],
      ]);

      const stored = (await h.call(HeuristicSubjects.list, {}, projectId)).heuristics;
      const byName = new Map(stored.map((x) => [x.name, x]));
      expect(byName.get('lkp_country_related')).toMatchObject({ id: '9e614519-45d6-433b-b9e0-c38f2b937b99', readOnlyReason: null, kind: 'LABELING_FUNCTION' });
      // refinery's active learners become ours (their vectors come with the embeddings part of the import)
      expect(byName.get('DistilbertLR')).toMatchObject({
        kind: 'ACTIVE_LEARNER',
        readOnlyReason: null,
        language: null,
        config: { embedding: 'headline-classification-distilbert-base-uncased', model: 'logistic-regression', minConfidence: 0.7 },
      });
      expect(byName.get('DistilbertTree')).toMatchObject({
        kind: 'ACTIVE_LEARNER',
        config: { model: 'decision-tree', minConfidence: 0.6 },
        description: expect.stringContaining('GridSearchCV replaced by one decision-tree'),
      });
      const { runs } = await h.call(RunSubjects.start, { heuristicIds: [byName.get('lkp_country_related')!.id] }, projectId);
      expect((await h.finished(projectId, runs[0]!.id, 120_000)).counts).toMatchObject({ hits: 2, outputs: 2 });
      expect(await h.outputsOf(projectId, clickbait, byName.get('lkp_country_related')!.id)).toEqual({
        'Iraq votes on a new constitution': ['no'],
        'Britain and Iraq talk': ['no'],
      });
      expect(await h.error(RunSubjects.start, { heuristicIds: [byName.get('starts_with_digit')!.id] }, projectId)).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('read-only'),
      });

      // Fixing the code makes it runnable; importing again changes nothing.
      const fixed = await h.call(
        HeuristicSubjects.update,
        { heuristicId: byName.get('starts_with_digit')!.id, code: 'def lf(record):\n    if record["headline"][0].text.isdigit():\n        return "yes"' },
        projectId,
      );
      expect(fixed.readOnlyReason).toBeNull();
      expect(await h.call(HeuristicsSnapshotSubjects.apply, { lookupLists, heuristics }, projectId)).toEqual({ heuristics: 0, readOnly: [], lookupLists: 2, terms: 0 });
    },
    180_000,
  );

  it('refuses a heuristic of a task that does not exist, naming it', async () => {
    const { projectId } = await h.project(HEADLINES);
    const heuristic = { id: 'x-1', name: 'x', type: 'LABELING_FUNCTION', code: 'def lf(r): pass', taskId: 'nope' };
    expect(await h.error(HeuristicsSnapshotSubjects.apply, { heuristics: [heuristic] }, projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.heuristics.0.taskId'),
    });
  });

  it('refuses a heuristic id another project holds, naming it', async () => {
    const mine = await h.project(HEADLINES);
    const theirs = await h.project(HEADLINES);
    const heuristic = (taskId: string) => ({ id: `shared-${Date.now()}`, name: 'lf', type: 'LABELING_FUNCTION', code: 'def lf(r):\n    return "yes"', taskId });
    const first = heuristic((await h.task(mine.projectId, 'clickbait', 'CLASSIFICATION', ['no', 'yes'])).id);
    expect(await h.call(HeuristicsSnapshotSubjects.apply, { heuristics: [first] }, mine.projectId)).toMatchObject({ heuristics: 1 });
    const other = { ...first, taskId: (await h.task(theirs.projectId, 'clickbait', 'CLASSIFICATION', ['no', 'yes'])).id };
    expect(await h.error(HeuristicsSnapshotSubjects.apply, { heuristics: [other] }, theirs.projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`payload.heuristics.0.id: heuristic id ${first.id} is taken by another project`),
    });
    expect((await h.call(HeuristicSubjects.list, {}, theirs.projectId)).heuristics).toEqual([]);
  });
});
