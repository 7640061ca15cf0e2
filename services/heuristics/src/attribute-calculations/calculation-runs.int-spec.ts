import { AttributeCalculationSubjects, AttributeSubjects, CalculationEvents, ProjectSubjects, RecordSubjects, type CalculationRun } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { trustedScope } from '../shared/project-scope.js';
import { ANNOTATOR, HeuristicsHarness, OUTSIDER, OWNER } from '../test-support/heuristics-harness.js';
import { CalculationRunRepository } from './calculation-run.repository.js';

const HEADLINES = ['10 reasons why cats rule the internet', 'Berlin votes', 'You will not believe this'];

describe('computed attributes: run on all', () => {
  let h: HeuristicsHarness;
  let projectId: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    h = await HeuristicsHarness.start({ HEURISTICS_PY_WARMUP: 'true' });
    projectId = (await h.project(HEADLINES)).projectId;
    ids = Object.fromEntries((await h.records(projectId)).map((r) => [String(r.data['headline']), r.id]));
  }, 120_000);
  afterAll(async () => h?.close());

  async function finished(runId: string, inProject = projectId): Promise<CalculationRun> {
    return expectEventually(
      async () => {
        const run = await h.call(AttributeCalculationSubjects.getRun, { runId }, inProject);
        if (run.state === 'queued' || run.state === 'running') throw new Error(`run ${runId} is ${run.state}`);
        return run;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
  }

  /** Headline → the attribute's value, read back from records one record at a time (no value: null). */
  async function valuesOf(name: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    // records leaves the key out of a record without a value (its contract says null): both read as null here
    for (const [headline, recordId] of Object.entries(ids)) out[headline] = (await h.call(RecordSubjects.get, { recordId }, projectId)).data[name] ?? null;
    return out;
  }

  async function attributeNames(): Promise<string[]> {
    return (await h.call(AttributeSubjects.list, {}, projectId)).attributes.map((a) => a.name);
  }

  it(
    'writes a JavaScript INTEGER attribute into records, with progress and completion events and the logs; a re-run replaces the values',
    async () => {
      const progress = await h.events(CalculationEvents.progress);
      const done = await h.events(CalculationEvents.finished);
      const calc = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'word_count', dataType: 'INTEGER', language: 'javascript', code: 'function ac(record) { console.log("counting"); return record.headline.split(" ").length; }' },
        projectId,
      );
      const queued = await h.call(AttributeCalculationSubjects.run, { calculationId: calc.id }, projectId);
      expect(queued.state).toBe('queued');
      const run = await finished(queued.id);
      expect(run).toMatchObject({ state: 'succeeded', error: null, counts: { records: 3, values: 3, nulls: 0 }, name: 'word_count', dataType: 'INTEGER' });
      expect(run.logs).toContain(`[record ${ids['Berlin votes']}] counting`);
      expect(await valuesOf('word_count')).toEqual({ '10 reasons why cats rule the internet': 7, 'Berlin votes': 2, 'You will not believe this': 5 });
      const attribute = (await h.call(AttributeSubjects.list, {}, projectId)).attributes.find((a) => a.name === 'word_count');
      expect(attribute).toMatchObject({ id: run.attributeId, dataType: 'INTEGER', origin: 'COMPUTED' });
      await expectEventually(() => {
        expect(progress.some((p) => p.runId === run.id && p.done === 3 && p.total === 3)).toBe(true);
        expect(done.find((d) => d.run.id === run.id)?.run.state).toBe('succeeded');
      });

      await h.call(AttributeCalculationSubjects.update, { calculationId: calc.id, code: 'function ac(record) { return record.headline.length > 12 ? record.headline.length : null; }' }, projectId);
      const again = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: calc.id }, projectId)).id);
      expect(again).toMatchObject({ state: 'succeeded', attributeId: run.attributeId, counts: { records: 3, values: 2, nulls: 1 } });
      expect(await valuesOf('word_count')).toEqual({ '10 reasons why cats rule the internet': 37, 'Berlin votes': null, 'You will not believe this': 25 });
      expect((await h.call(AttributeCalculationSubjects.runs, { calculationId: calc.id }, projectId)).runs.map((r) => r.id)).toEqual([again.id, run.id]);
    },
    180_000,
  );

  it(
    'writes a Python TEXT attribute, which records tokenizes, and an EMBEDDING_LIST one',
    async () => {
      const calc = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'opening', dataType: 'TEXT', language: 'python', code: 'def ac(record):\n    doc = record["headline"]\n    return doc[0:2].text' },
        projectId,
      );
      const run = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: calc.id }, projectId)).id);
      expect(run).toMatchObject({ state: 'succeeded', counts: { records: 3, values: 3 } });
      expect(await valuesOf('opening')).toEqual({ '10 reasons why cats rule the internet': '10 reasons', 'Berlin votes': 'Berlin votes', 'You will not believe this': 'You will' });
      const record = await h.call(RecordSubjects.get, { recordId: ids['You will not believe this'] ?? '', withTokens: true }, projectId);
      expect(record.tokens?.['opening']).toEqual({ starts: [0, 4], ends: [3, 8] });

      const words = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'words', dataType: 'EMBEDDING_LIST', language: 'python', code: 'def ac(record):\n    return [t.text for t in record["headline"]][:2]' },
        projectId,
      );
      expect((await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: words.id }, projectId)).id)).state).toBe('succeeded');
      expect(await valuesOf('words')).toEqual({ '10 reasons why cats rule the internet': ['10', 'reasons'], 'Berlin votes': ['Berlin', 'votes'], 'You will not believe this': ['You', 'will'] });
    },
    180_000,
  );

  it(
    'fails on a wrong return type, naming the record, and leaves the previous values (or no attribute) in force',
    async () => {
      const wrong = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'digits', dataType: 'INTEGER', language: 'javascript', code: 'function ac(record) { return record.headline.startsWith("10") ? "ten" : 0; }' },
        projectId,
      );
      const failed = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: wrong.id }, projectId)).id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toContain(`record ${ids['10 reasons why cats rule the internet']}`);
      expect(failed.error).toContain('INTEGER');
      expect(await attributeNames()).not.toContain('digits');

      const py = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'shouted', dataType: 'BOOLEAN', language: 'python', code: 'def ac(record):\n    return record["headline"].text.isupper()' },
        projectId,
      );
      expect((await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: py.id }, projectId)).id)).state).toBe('succeeded');
      await h.call(AttributeCalculationSubjects.update, { calculationId: py.id, code: 'def ac(record):\n    return 1 if "Berlin" in record["headline"].text else False' }, projectId);
      const pyFailed = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: py.id }, projectId)).id);
      expect(pyFailed.state).toBe('failed');
      expect(pyFailed.error).toContain(`record ${ids['Berlin votes']}`);
      expect(await valuesOf('shouted')).toEqual({ '10 reasons why cats rule the internet': false, 'Berlin votes': false, 'You will not believe this': false });
    },
    180_000,
  );

  it(
    'fails on code that cannot run and on a throw, naming the reason',
    async () => {
      const broken = await h.call(AttributeCalculationSubjects.create, { name: 'broken', dataType: 'TEXT', language: 'python', code: 'def ac(record)\n    return 1' }, projectId);
      const syntax = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: broken.id }, projectId)).id);
      expect(syntax).toMatchObject({ state: 'failed', error: expect.stringMatching(/SyntaxError|syntax/i) });
      const thrower = await h.call(
        AttributeCalculationSubjects.create,
        { name: 'thrower', dataType: 'TEXT', language: 'typescript', code: 'function ac(r: { headline: string }): string { if (r.headline.startsWith("Berlin")) throw new Error("no Berlin"); return "ok"; }' },
        projectId,
      );
      const thrown = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: thrower.id }, projectId)).id);
      expect(thrown.state).toBe('failed');
      expect(thrown.error).toContain(`record ${ids['Berlin votes']}`);
      expect(thrown.error).toContain('no Berlin');
      expect(await attributeNames()).not.toEqual(expect.arrayContaining(['broken', 'thrower']));
    },
    180_000,
  );

  it('keeps a written attribute\'s type, and fails a run whose name an uploaded attribute took meanwhile', async () => {
    const calc = await h.call(AttributeCalculationSubjects.create, { name: 'typed', dataType: 'CATEGORY', language: 'javascript', code: 'function ac(r) { return r.headline.length > 12 ? "long" : "short"; }' }, projectId);
    expect(await h.call(AttributeCalculationSubjects.update, { calculationId: calc.id, dataType: 'TEXT' }, projectId)).toMatchObject({ dataType: 'TEXT' });
    expect((await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: calc.id }, projectId)).id)).state).toBe('succeeded');
    expect(await h.error(AttributeCalculationSubjects.update, { calculationId: calc.id, dataType: 'CATEGORY' }, projectId)).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"typed" exists in records as TEXT'),
    });

    const late = await h.call(AttributeCalculationSubjects.create, { name: 'late', dataType: 'TEXT', language: 'javascript', code: 'function ac(r) { return "x"; }' }, projectId);
    await h.call(AttributeSubjects.create, { name: 'late', dataType: 'TEXT' }, projectId);
    const refused = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: late.id }, projectId)).id);
    expect(refused).toMatchObject({ state: 'failed', attributeId: null, error: expect.stringContaining('"late" already exists as an uploaded attribute') });
  }, 120_000);

  it('refuses a second run while one is going, and bad requests', async () => {
    const slow = await h.call(
      AttributeCalculationSubjects.create,
      { name: 'slow', dataType: 'FLOAT', language: 'javascript', code: 'function ac(r) { const end = Date.now() + 300; while (Date.now() < end) {} return 0.5; }' },
      projectId,
    );
    const first = await h.call(AttributeCalculationSubjects.run, { calculationId: slow.id }, projectId);
    expect(await h.error(AttributeCalculationSubjects.run, { calculationId: slow.id }, projectId)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(first.id) });
    expect((await finished(first.id)).state).toBe('succeeded');
    expect((await h.call(AttributeCalculationSubjects.runs, { calculationId: slow.id }, projectId)).runs.map((r) => r.id)).toEqual([first.id]);
    expect(await valuesOf('slow')).toEqual({ '10 reasons why cats rule the internet': 0.5, 'Berlin votes': 0.5, 'You will not believe this': 0.5 });

    expect(await h.error(AttributeCalculationSubjects.run, { calculationId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(AttributeCalculationSubjects.getRun, { runId: 'nope' }, projectId)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.error(AttributeCalculationSubjects.run, { calculationId: slow.id }, projectId, ANNOTATOR)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.error(AttributeCalculationSubjects.getRun, { runId: first.id }, projectId, OUTSIDER)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.raw(AttributeCalculationSubjects.run, { calculationId: 7 }, projectId)).toMatchObject({ message: expect.stringContaining('payload.calculationId') });
    expect(await h.raw(AttributeCalculationSubjects.runs, { calculationId: slow.id, limit: 0 }, projectId)).toMatchObject({ message: expect.stringContaining('payload.limit') });
  }, 120_000);

  it('removes the runs of a deleted project', async () => {
    const other = await h.project(['one', 'two']);
    const calc = await h.call(AttributeCalculationSubjects.create, { name: 'len', dataType: 'INTEGER', language: 'javascript', code: 'function ac(r) { return r.headline.length; }' }, other.projectId);
    const run = await finished((await h.call(AttributeCalculationSubjects.run, { calculationId: calc.id }, other.projectId)).id, other.projectId);
    expect(run.state).toBe('succeeded');
    await h.call(ProjectSubjects.delete, {}, other.projectId);
    const runs = h.get(CalculationRunRepository);
    await expectEventually(async () => expect(await runs.findById(trustedScope(other.projectId, OWNER.orgId, OWNER), run.id)).toBeNull());
  });
});
