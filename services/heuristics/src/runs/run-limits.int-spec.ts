import { HeuristicSubjects, PreviewSubjects, RunSubjects, type Heuristic, type LabelingTask, type Run } from '@refinery/contracts';
import { HeuristicsHarness } from '../test-support/heuristics-harness.js';
import { QUICKSTART_CODE, QUICKSTART_HEADLINES } from '../test-support/quickstart.js';

describe('run limits: wall time and bounded logs', () => {
  let h: HeuristicsHarness;
  let projectId: string;
  let task: LabelingTask;
  let taskId: string;
  beforeAll(async () => {
    h = await HeuristicsHarness.start({ HEURISTICS_RUN_WALL_S: '2', HEURISTICS_PER_RECORD_MS: '1500', HEURISTICS_MAX_LOG_LINES: '3' });
    projectId = (await h.project(QUICKSTART_HEADLINES)).projectId;
    task = await h.task(projectId, 'clickbait', 'CLASSIFICATION', ['clickbait', 'not clickbait']);
    taskId = task.id;
  }, 60_000);
  afterAll(async () => h?.close());

  const create = (name: string, code: string): Promise<Heuristic> => h.call(HeuristicSubjects.create, { name, language: 'javascript', code, taskId }, projectId);
  const runOnce = async (heuristic: Heuristic): Promise<Run> => h.finished(projectId, (await h.call(RunSubjects.start, { heuristicIds: [heuristic.id] }, projectId)).runs[0]!.id);

  it('fails a run that goes over its wall time and keeps the previous outputs', async () => {
    const heuristic = await create('slow everywhere', QUICKSTART_CODE.javascript.starts_with_digit);
    expect((await runOnce(heuristic)).counts.outputs).toBe(2);
    await h.call(HeuristicSubjects.update, { heuristicId: heuristic.id, code: 'function lf(r) { for (;;) {} }' }, projectId);
    const run = await runOnce(heuristic);
    expect(run.state).toBe('failed');
    expect(run.error).toMatch(/^the run went over its wall time of 2 s after \d+ records$/);
    expect(run.counts.notRun).toBeGreaterThan(0);
    expect(Object.values(await h.outputsOf(projectId, task, heuristic.id))).toEqual([['clickbait'], ['clickbait']]);
  }, 60_000);

  it('keeps at most the configured number of log lines and counts the rest', async () => {
    const run = await runOnce(await create('chatty', 'function lf(r) { console.log("seen", r.headline); console.log("again"); }'));
    expect(run.state).toBe('succeeded');
    expect(run.logs).toHaveLength(4);
    expect(run.logs.slice(0, 3).every((l) => l.startsWith('[record '))).toBe(true);
    expect(run.logs[3]).toMatch(/^… \d+ more log lines not kept$/);
    const preview = await h.call(PreviewSubjects.runOnSample, { source: { code: 'function lf(r) { console.log("x"); }', language: 'javascript', taskId } }, projectId);
    expect(preview.logs.length).toBeLessThanOrEqual(4);
  }, 60_000);
});
