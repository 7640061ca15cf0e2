import {
  AssociationSubjects,
  HeuristicSubjects,
  PreviewSubjects,
  ProjectSubjects,
  RecordSubjects,
  RunEvents,
  RunSubjects,
  type Heuristic,
  type HeuristicLanguage,
} from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { HeuristicRepository } from '../heuristics/heuristic.repository.js';
import { trustedScope } from '../shared/project-scope.js';
import { ANNOTATOR, HeuristicsHarness, OUTSIDER, OWNER, labelIdOf } from '../test-support/heuristics-harness.js';
import { QUICKSTART_CODE, quickstartProject, type QuickstartProject } from '../test-support/quickstart.js';

const PY_TIMEOUT = 180_000;

describe('labeling functions and their runs', () => {
  let h: HeuristicsHarness;
  let q: QuickstartProject;
  beforeAll(async () => {
    h = await HeuristicsHarness.start({ HEURISTICS_PY_WARMUP: 'true' });
    q = await quickstartProject(h);
  }, 120_000);
  afterAll(async () => h?.close());

  const create = (name: string, language: HeuristicLanguage, code: string, taskId = q.clickbait.id): Promise<Heuristic> =>
    h.call(HeuristicSubjects.create, { name, language, code, taskId }, q.projectId);

  it(
    "runs the quickstart's three functions in Python and JavaScript in one action; outputs are heuristic labels in records",
    async () => {
      const finished = await h.events(RunEvents.finished);
      const heuristics: Heuristic[] = [];
      for (const language of ['python', 'javascript'] as const) {
        for (const [name, code] of Object.entries(QUICKSTART_CODE[language])) heuristics.push(await create(`${name} (${language})`, language, code));
      }
      const { runs } = await h.call(RunSubjects.start, { heuristicIds: heuristics.map((x) => x.id) }, q.projectId);
      expect(runs.map((r) => r.state)).toEqual(Array(6).fill('queued'));
      for (const run of runs) {
        const done = await h.finished(q.projectId, run.id, 120_000);
        expect({ state: done.state, error: done.error }).toEqual({ state: 'succeeded', error: null });
        expect(done.counts).toMatchObject({ records: 6, hits: 2, abstained: 4, failed: 0, notRun: 0, outputs: 2 });
        expect(done.durationMs).toBeGreaterThan(0);
      }
      const expected = {
        starts_with_digit: { '10 reasons why cats rule the internet': ['clickbait'], '5 tricks doctors hate': ['clickbait'] },
        lookup_not_clickbait: { 'Germany and France sign a new treaty': ['not clickbait'], 'Parliament in Berlin passes the budget': ['not clickbait'] },
        lookup_clickbait: { 'You will not believe what happened next': ['clickbait'], 'Why you should never skip breakfast': ['clickbait'] },
      };
      for (const heuristic of heuristics) {
        const fn = heuristic.name.split(' ')[0] as keyof typeof expected;
        expect(await h.outputsOf(q.projectId, q.clickbait, heuristic.id)).toEqual(expected[fn]);
      }
      await expectEventually(() => expect(finished.map((f) => f.run.id).sort()).toEqual(runs.map((r) => r.id).sort()));
      const listed = await h.call(HeuristicSubjects.get, { heuristicId: heuristics[0]!.id }, q.projectId);
      expect(listed.lastRun).toMatchObject({ id: runs[0]!.id, state: 'succeeded' });
      const stored = await h.call(RunSubjects.get, { runId: runs[0]!.id }, q.projectId);
      expect(stored.code).toBe(QUICKSTART_CODE.python.starts_with_digit);
    },
    PY_TIMEOUT,
  );

  it(
    'writes extraction outputs as spans: character ranges in JavaScript, token ranges in Python',
    async () => {
      const js = await create(
        'countries js',
        'javascript',
        `import { country_related } from "knowledge";
function* lf(record) {
  for (const term of country_related) {
    const at = record.headline.indexOf(term);
    if (at >= 0) yield ["country_related", at, at + term.length];
  }
}`,
        q.entities.id,
      );
      const py = await create(
        'countries py',
        'python',
        `from knowledge import country_related

def lf(record):
    for token in record["headline"]:
        if token.text in country_related:
            yield ("country_related", token.i, token.i + 1)
`,
        q.entities.id,
      );
      const { runs } = await h.call(RunSubjects.start, { heuristicIds: [js.id, py.id] }, q.projectId);
      for (const run of runs) expect((await h.finished(q.projectId, run.id, 120_000)).state).toBe('succeeded');
      const germany = (await h.call(RecordSubjects.list, { limit: 2 }, q.projectId)).records[1]!;
      const spans = (await h.call(AssociationSubjects.list, { recordId: germany.id, taskId: q.entities.id }, q.projectId)).associations.filter(
        (a) => a.source === 'HEURISTIC',
      );
      expect(spans.map((a) => [a.sourceId, a.start, a.end, a.text]).sort()).toEqual(
        [
          [js.id, 0, 7, 'Germany'],
          [py.id, 0, 7, 'Germany'],
        ].sort(),
      );
    },
    PY_TIMEOUT,
  );

  it('"run on N" shows per-record results without storing them; a seed repeats the sample', async () => {
    const heuristic = await create('digits preview', 'javascript', QUICKSTART_CODE.javascript.starts_with_digit);
    const all = await h.call(RunSubjects.list, { heuristicId: heuristic.id }, q.projectId);
    expect(all.runs).toEqual([]);
    const everything = await h.call(HeuristicSubjects.get, { heuristicId: heuristic.id }, q.projectId);
    expect(everything.lastRun).toBeNull();
    const ten = await h.call(PreviewSubjects.runOnSample, { source: { heuristicId: heuristic.id } }, q.projectId);
    expect(ten.records).toHaveLength(6);
    expect(ten.records.filter((r) => r.labels[0] === 'clickbait').map((r) => r.data['headline'])).toEqual(['10 reasons why cats rule the internet', '5 tricks doctors hate']);
    const a = await h.call(PreviewSubjects.runOnSample, { source: { heuristicId: heuristic.id }, n: 3, seed: 11 }, q.projectId);
    const b = await h.call(PreviewSubjects.runOnSample, { source: { heuristicId: heuristic.id }, n: 3, seed: 11 }, q.projectId);
    expect(a.records.map((r) => r.recordId)).toEqual(b.records.map((r) => r.recordId));
    expect(a.records).toHaveLength(3);
    // Nothing was stored: no run, no outputs.
    expect((await h.call(RunSubjects.list, { heuristicId: heuristic.id }, q.projectId)).runs).toEqual([]);
    expect(await h.outputsOf(q.projectId, q.clickbait, heuristic.id)).toEqual({});
  });

  it(
    'the record IDE runs typed code on one record and shows its output, logs and problems',
    async () => {
      const [first] = (await h.call(RecordSubjects.list, { limit: 1 }, q.projectId)).records;
      const recordId = first!.id;
      const py = await h.call(
        PreviewSubjects.runOnRecord,
        { source: { code: 'def lf(record):\n    doc = record["headline"]\n    print(len(doc), doc[0].text, doc[0:2].text)\n    return "clickbait"', language: 'python', taskId: q.clickbait.id }, recordId },
        q.projectId,
      );
      expect(py).toMatchObject({ codeError: null, records: [{ recordId, labels: ['clickbait'], error: null }] });
      expect(py.logs).toEqual([`[record ${recordId}] 7 10 10 reasons`]);
      const ts = await h.call(
        PreviewSubjects.runOnRecord,
        { source: { code: 'function lf(record: { headline: string }): string { console.log(record.headline.length); return "no clickbait"; }', language: 'typescript', taskId: q.clickbait.id }, recordId },
        q.projectId,
      );
      expect(ts.records[0]?.error).toContain('did you mean "not clickbait"?');
      expect(ts.logs).toEqual([`[record ${recordId}] 37`]);
      const broken = await h.call(PreviewSubjects.runOnRecord, { source: { code: 'def lf(record)\n  return 1', language: 'python', taskId: q.clickbait.id }, recordId }, q.projectId);
      expect(broken.codeError).toMatch(/syntax/i);
      const spacy = await h.call(
        PreviewSubjects.runOnRecord,
        { source: { code: 'def lf(record):\n    return record["headline"][0].pos_', language: 'python', taskId: q.clickbait.id }, recordId },
        q.projectId,
      );
      expect(spacy.records[0]?.error).toMatch(/pos_.*available/s);
    },
    PY_TIMEOUT,
  );

  it('validates heuristics: the task must exist in records, names are unique, inputs are checked', async () => {
    expect(await h.error(HeuristicSubjects.create, { name: 'x', language: 'python', code: 'def lf(r): pass', taskId: 'no-such-task' }, q.projectId)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('payload.taskId: labeling task no-such-task does not exist'),
    });
    await create('unique', 'python', 'def lf(r): pass');
    expect(await h.error(HeuristicSubjects.create, { name: 'UNIQUE', language: 'python', code: 'def lf(r): pass', taskId: q.clickbait.id }, q.projectId)).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await h.raw(HeuristicSubjects.create, { name: 'y', language: 'cobol', code: 'x', taskId: q.clickbait.id }, q.projectId)).toMatchObject({
      message: expect.stringContaining('payload.language'),
    });
    expect(await h.raw(HeuristicSubjects.create, { name: 'y', language: 'python', code: '   ', taskId: q.clickbait.id }, q.projectId)).toMatchObject({
      message: expect.stringContaining('payload.code'),
    });
    expect(await h.raw(RunSubjects.start, { heuristicIds: [] }, q.projectId)).toMatchObject({ message: expect.stringContaining('payload.heuristicIds') });
    expect(await h.raw(PreviewSubjects.runOnSample, { source: { heuristicId: 'x' }, n: 1_000 }, q.projectId)).toMatchObject({ message: expect.stringContaining('payload.n') });
    expect(await h.error(RunSubjects.start, { heuristicIds: ['missing'] }, q.projectId)).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('missing') });
  });

  it('selects heuristics for weak supervision, updates and deletes them (with their outputs)', async () => {
    const heuristic = await create('to delete', 'javascript', QUICKSTART_CODE.javascript.starts_with_digit);
    const { heuristics } = await h.call(HeuristicSubjects.select, { heuristicIds: [heuristic.id], selected: false }, q.projectId);
    expect(heuristics[0]?.selected).toBe(false);
    const updated = await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, description: 'numbers first', selected: true }, q.projectId);
    expect(updated).toMatchObject({ description: 'numbers first', selected: true, code: QUICKSTART_CODE.javascript.starts_with_digit });
    const { runs } = await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId);
    await h.finished(q.projectId, runs[0]!.id);
    expect(Object.keys(await h.outputsOf(q.projectId, q.clickbait, heuristic.id))).toHaveLength(2);
    // Moving it to another task clears its outputs on the old one; moving back and running restores them.
    const other = await h.task(q.projectId, 'other task', 'CLASSIFICATION', ['clickbait']);
    await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, taskId: other.id }, q.projectId);
    expect(await h.outputsOf(q.projectId, q.clickbait, heuristic.id)).toEqual({});
    await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, taskId: q.clickbait.id }, q.projectId);
    await h.finished(q.projectId, (await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId)).runs[0]!.id);
    expect(Object.keys(await h.outputsOf(q.projectId, q.clickbait, heuristic.id))).toHaveLength(2);
    await h.call(HeuristicSubjects.delete, { heuristicId: heuristic.id }, q.projectId);
    expect(await h.outputsOf(q.projectId, q.clickbait, heuristic.id)).toEqual({});
    expect(await h.error(RunSubjects.get, { runId: runs[0]!.id }, q.projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.call(HeuristicSubjects.list, { taskId: q.clickbait.id }, q.projectId)).heuristics.map((x) => x.id)).not.toContain(heuristic.id);
  });

  it('keeps heuristics to the project’s organization and to engineers', async () => {
    const heuristic = await create('guarded', 'javascript', QUICKSTART_CODE.javascript.starts_with_digit);
    expect(await h.error(HeuristicSubjects.get, { heuristicId: heuristic.id }, q.projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(HeuristicSubjects.list, {}, q.projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(PreviewSubjects.runOnSample, { source: { heuristicId: heuristic.id } }, q.projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('removes the heuristics and runs of a deleted project', async () => {
    const other = await h.project(['1 thing', 'nothing']);
    const task = await h.task(other.projectId, 'bait', 'CLASSIFICATION', ['clickbait']);
    const heuristic = await h.call(HeuristicSubjects.create, { name: 'd', language: 'javascript', code: QUICKSTART_CODE.javascript.starts_with_digit, taskId: task.id }, other.projectId);
    const { runs } = await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, other.projectId);
    expect((await h.finished(other.projectId, runs[0]!.id)).counts.hits).toBe(1);
    expect(labelIdOf(task, 'clickbait')).toBeTruthy();
    await h.call(ProjectSubjects.delete, {}, other.projectId);
    const repository = h.get(HeuristicRepository);
    await expectEventually(async () => expect(await repository.findById(trustedScope(other.projectId, OWNER.orgId, OWNER), heuristic.id)).toBeNull());
  });
});
