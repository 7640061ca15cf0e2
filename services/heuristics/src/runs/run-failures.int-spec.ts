import { HeuristicSubjects, PreviewSubjects, RecordSubjects, RunSubjects, type Heuristic, type HeuristicLanguage, type Run } from '@refinery/contracts';
import { expectEventually } from '@refinery/server-testing';
import { HeuristicsHarness } from '../test-support/heuristics-harness.js';
import { QUICKSTART_CODE, quickstartProject, type QuickstartProject } from '../test-support/quickstart.js';

const SLOW = 180_000;

/** One bad behaviour per headline of the quickstart project; "Why you should…" stays good. */
const BAD_INPUTS: Record<'javascript' | 'python', string> = {
  javascript: `function lf(record) {
  const h = record.headline;
  if (h.startsWith("10 reasons")) { while (true) {} }
  if (h.startsWith("Germany")) { const hog = []; for (;;) hog.push(new Array(1e6).fill(h)); }
  if (h.startsWith("You will")) throw new Error("no idea what to do with " + h);
  if (h.startsWith("5 tricks")) return 42;
  if (h.startsWith("Parliament")) return "clickbait".repeat(20000);
  return "clickbait";
}`,
  python: `def lf(record):
    h = record["headline"].text
    if h.startswith("10 reasons"):
        while True:
            pass
    if h.startswith("Germany"):
        hog = []
        while True:
            hog.append(bytearray(2**26))
    if h.startswith("You will"):
        raise ValueError("no idea what to do with " + h)
    if h.startswith("5 tricks"):
        return 42
    if h.startswith("Parliament"):
        return "clickbait" * 20000
    return "clickbait"
`,
};

describe('runs with bad code', () => {
  let h: HeuristicsHarness;
  let q: QuickstartProject;
  let recordIds: string[];
  beforeAll(async () => {
    h = await HeuristicsHarness.start({
      HEURISTICS_PY_WARMUP: 'true',
      HEURISTICS_PER_RECORD_MS: '1000',
      HEURISTICS_JS_MEMORY_MB: '32',
      HEURISTICS_PY_MEMORY_MB: '128',
    });
    q = await quickstartProject(h);
    recordIds = (await h.call(RecordSubjects.list, { limit: 10 }, q.projectId)).records.map((r) => r.id);
  }, 120_000);
  afterAll(async () => h?.close());

  const create = (name: string, language: HeuristicLanguage, code: string): Promise<Heuristic> =>
    h.call(HeuristicSubjects.create, { name, language, code, taskId: q.clickbait.id }, q.projectId);
  const runOnce = async (heuristic: Heuristic): Promise<Run> => {
    const { runs } = await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId);
    return h.finished(q.projectId, runs[0]!.id, SLOW);
  };

  it.each(['javascript', 'python'] as const)(
    '%s: an infinite loop, a memory bomb, a throw, a wrong type and an oversized output skip their record, named in the logs',
    async (language) => {
      const run = await runOnce(await create(`bad inputs ${language}`, language, BAD_INPUTS[language]));
      expect({ state: run.state, error: run.error }).toEqual({ state: 'succeeded', error: null });
      expect(run.counts).toMatchObject({ records: 6, hits: 1, failed: 5, outputs: 1 });
      const log = run.logs.join('\n');
      const [loop, bomb, thrown, wrongType, oversized] = [0, 1, 2, 3, 4].map((i) => recordIds[i]);
      expect(log).toMatch(new RegExp(`record ${loop}: .*(time|limit)`, 'i'));
      expect(log).toMatch(new RegExp(`record ${bomb}: .*memory`, 'i'));
      expect(log).toMatch(new RegExp(`record ${thrown}: .*no idea what to do with You will`));
      expect(log).toMatch(new RegExp(`record ${wrongType}: .*(type|int|number)`, 'i'));
      expect(log).toMatch(new RegExp(`record ${oversized}: .*(output|characters|limit)`, 'i'));
      // The worker stays healthy: the quickstart function runs right after.
      const good = await runOnce(await create(`after bad inputs ${language}`, language, QUICKSTART_CODE[language].starts_with_digit));
      expect(good.counts).toMatchObject({ hits: 2, failed: 0 });
    },
    SLOW,
  );

  it.each(['javascript', 'python'] as const)(
    '%s: an unknown label fails the run naming the label, the task labels and the closest one; the previous outputs stay',
    async (language) => {
      const heuristic = await create(`renamed label ${language}`, language, QUICKSTART_CODE[language].lookup_not_clickbait);
      expect((await runOnce(heuristic)).state).toBe('succeeded');
      const before = await h.outputsOf(q.projectId, q.clickbait, heuristic.id);
      expect(Object.keys(before)).toHaveLength(2);
      await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, code: QUICKSTART_CODE[language].lookup_not_clickbait.replace('"not clickbait"', '"no clickbait"') }, q.projectId);
      const failed = await runOnce(heuristic);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/^unknown label "no clickbait" \(record .+\): the labels of task "clickbait" are "clickbait", "not clickbait"; did you mean "not clickbait"\?$/);
      expect(await h.outputsOf(q.projectId, q.clickbait, heuristic.id)).toEqual(before);
      expect((await h.call(HeuristicSubjects.get, { heuristicId: heuristic.id }, q.projectId)).lastRun).toMatchObject({ id: failed.id, state: 'failed' });
    },
    SLOW,
  );

  it('code that cannot run fails the run with the reason and leaves the previous outputs', async () => {
    const heuristic = await create('syntax', 'javascript', QUICKSTART_CODE.javascript.starts_with_digit);
    await runOnce(heuristic);
    await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, code: 'import { nothing } from "knowledge";\nfunction lf(r) { return "clickbait"; }' }, q.projectId);
    const run = await runOnce(heuristic);
    expect(run).toMatchObject({ state: 'failed', error: expect.stringContaining('"nothing" does not exist; available: country_related, clickbait_expression') });
    expect(Object.keys(await h.outputsOf(q.projectId, q.clickbait, heuristic.id))).toHaveLength(2);
  });

  it('reruns of one heuristic are serialized; a newer request supersedes a waiting one', async () => {
    // The two records starting with a digit loop until the 1 s limit: a run takes a few seconds.
    const heuristic = await create('slow', 'javascript', 'function lf(r) { if (/^\\d/.test(r.headline)) for (;;) {} }');
    const first = (await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId)).runs[0]!;
    const second = (await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId)).runs[0]!;
    const third = (await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId)).runs[0]!;
    const [a, b, c] = [await h.finished(q.projectId, first.id, SLOW), await h.finished(q.projectId, second.id, SLOW), await h.finished(q.projectId, third.id, SLOW)];
    expect([a.state, b.state, c.state]).toEqual(['succeeded', 'cancelled', 'succeeded']);
    expect(b.error).toBe(`superseded by run ${third.id}`);
    expect(Date.parse(c.startedAt!)).toBeGreaterThanOrEqual(Date.parse(a.finishedAt!));
    expect(a.counts).toMatchObject({ records: 6, failed: 2 });
  }, SLOW);

  it('a cancelled run stops and leaves the previous outputs in force', async () => {
    const heuristic = await create('cancel me', 'javascript', QUICKSTART_CODE.javascript.starts_with_digit);
    await runOnce(heuristic);
    await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, code: 'function lf(r) { for (;;) {} }' }, q.projectId);
    const { runs } = await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, q.projectId);
    // Cancelled while it runs (6 records × 1 s of looping): it stops after the record at hand.
    await expectEventually(async () => expect((await h.call(RunSubjects.get, { runId: runs[0]!.id }, q.projectId)).state).toBe('running'));
    const t0 = Date.now();
    await h.call(RunSubjects.cancel, { runId: runs[0]!.id }, q.projectId);
    const run = await h.finished(q.projectId, runs[0]!.id, SLOW);
    expect(run.state).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(4_000);
    expect(Object.keys(await h.outputsOf(q.projectId, q.clickbait, heuristic.id))).toHaveLength(2);
    expect(await h.error(RunSubjects.cancel, { runId: run.id }, q.projectId)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already cancelled') });
  }, SLOW);

  describe('escape attempts through the service fail safely and the sandbox stays healthy', () => {
    const secret = 'HEURISTICS_TEST_SECRET';
    beforeAll(() => {
      process.env[secret] = 'leaked';
    });
    afterAll(() => {
      delete process.env[secret];
    });

    const attempts: [HeuristicLanguage, string, string][] = [
      ['javascript', 'constructor chain to process', `function lf(r) { return this.constructor.constructor("return process")().env.${secret}; }`],
      ['javascript', 'Function from a record value', `function lf(r) { return r.headline.constructor.constructor("return process.env")().${secret}; }`],
      ['javascript', 'require', 'function lf(r) { return require("fs").readFileSync("/etc/passwd", "utf8"); }'],
      ['javascript', 'import() of a host module', 'async function lf(r) { const fs = await import("fs"); return "x"; }'],
      ['javascript', 'prototype pollution of the record', 'function lf(r) { Object.prototype.polluted = "yes"; r.__proto__.polluted2 = "yes"; return "clickbait"; }'],
      ['javascript', 'SharedArrayBuffer and Atomics.wait', 'function lf(r) { Atomics.wait(new Int32Array(new SharedArrayBuffer(8)), 0, 0); return "clickbait"; }'],
      ['javascript', 'deep recursion', 'function lf(r) { const f = (n) => f(n + 1); return f(0); }'],
      ['typescript', 'a huge string', 'function lf(r: { headline: string }): string { return "x".repeat(2 ** 29); }'],
      ['python', 'reading the environment', `import os\ndef lf(record):\n    return os.environ.get("${secret}", "clickbait")`],
      ['python', 'import js', 'import js\ndef lf(record):\n    return js.process.env.HOME'],
      ['python', 'open a file', 'def lf(record):\n    return open("/etc/passwd").read()'],
      ['python', 'subprocess', 'import subprocess\ndef lf(record):\n    return subprocess.check_output(["id"]).decode()'],
      ['python', 'deep recursion', 'def lf(record):\n    def f(n):\n        return f(n + 1)\n    return f(0)'],
    ];

    it.each(attempts)(
      '%s: %s',
      async (language, _what, code) => {
        const [recordId] = recordIds;
        const res = await h.call(PreviewSubjects.runOnRecord, { source: { code, language, taskId: q.clickbait.id }, recordId: recordId! }, q.projectId);
        const record = res.records[0];
        const leaked = JSON.stringify(res).includes('leaked') || JSON.stringify(res).includes('root:');
        expect(leaked).toBe(false);
        // Either the code could not run, or the record failed, or (pollution) it ran inside its own realm.
        expect(res.codeError !== null || record?.error !== null || record?.labels.join() === 'clickbait').toBe(true);
        expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
        const healthy = await h.call(
          PreviewSubjects.runOnRecord,
          { source: { code: QUICKSTART_CODE[language === 'typescript' ? 'javascript' : language].starts_with_digit, language: language === 'typescript' ? 'javascript' : language, taskId: q.clickbait.id }, recordId: recordId! },
          q.projectId,
        );
        expect(healthy.records[0]).toMatchObject({ labels: ['clickbait'], error: null });
      },
      SLOW,
    );

    it('pollution of one run is gone in the next', async () => {
      const [recordId] = recordIds;
      const probe = 'function lf(r) { return ({}).polluted === undefined && r.polluted2 === undefined ? "clickbait" : "not clickbait"; }';
      const res = await h.call(PreviewSubjects.runOnRecord, { source: { code: probe, language: 'javascript', taskId: q.clickbait.id }, recordId: recordId! }, q.projectId);
      expect(res.records[0]?.labels).toEqual(['clickbait']);
    });
  });

  it('keeps running after all this: the events of the runs reached the caller', async () => {
    const heuristic = await create('final', 'python', QUICKSTART_CODE.python.starts_with_digit);
    const run = await runOnce(heuristic);
    await expectEventually(async () => expect((await h.call(RunSubjects.get, { runId: run.id }, q.projectId)).state).toBe('succeeded'));
  }, SLOW);
});
