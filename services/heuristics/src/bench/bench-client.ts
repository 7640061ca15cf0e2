import type { z } from 'zod';
import {
  AttributeCalculationSubjects,
  AttributeSubjects,
  HeuristicSubjects,
  ProjectSubjects,
  RecordSubjects,
  RunSubjects,
  TaskSubjects,
  type Actor,
  type CalculationRun,
  type HeuristicLanguage,
  type LabelingTask,
  type RequestContract,
  type Run,
} from '@refinery/contracts';
import type { TestBus } from '@refinery/server-testing';

export const BENCH_ACTOR: Actor = { userId: 'bench', orgId: 'bench-org', role: 'owner' };

/** The benchmark's side of the conversation: records' and heuristics' NATS API, as a user. */
export class BenchClient {
  constructor(private readonly t: TestBus) {}

  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null, timeoutMs = 120_000): Promise<z.infer<C['reply']>> {
    return this.t.bus.request(contract, payload, { actor: BENCH_ACTOR, projectId, timeoutMs });
  }

  /** A project with `headline` (TEXT) holding the headlines, 1,000 per request. */
  async headlineProject(headlines: readonly string[]): Promise<string> {
    const project = await this.call(ProjectSubjects.create, { name: `clickbait ${Date.now()}` });
    await this.call(AttributeSubjects.create, { name: 'running_id', dataType: 'INTEGER', isPrimaryKey: true }, project.id);
    await this.call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT' }, project.id);
    for (let i = 0; i < headlines.length; i += 1_000) {
      await this.call(RecordSubjects.add, { records: headlines.slice(i, i + 1_000).map((headline, j) => ({ data: { running_id: i + j, headline } })) }, project.id);
    }
    return project.id;
  }

  task(projectId: string): Promise<LabelingTask> {
    return this.call(TaskSubjects.create, { name: 'clickbait', kind: 'CLASSIFICATION', labels: [{ name: 'clickbait' }, { name: 'not clickbait' }] }, projectId);
  }

  async heuristic(projectId: string, taskId: string, language: HeuristicLanguage, code: string): Promise<string> {
    return (await this.call(HeuristicSubjects.create, { name: `starts_with_digit ${language}`, language, code, taskId }, projectId)).id;
  }

  /** Reads every record page by page (what a run reads), in seconds. */
  async readAllSeconds(projectId: string): Promise<number> {
    const t0 = performance.now();
    let afterSeq: number | null = -1;
    while (afterSeq !== null) afterSeq = (await this.call(RecordSubjects.list, { afterSeq, limit: 2_000 }, projectId)).nextAfterSeq;
    return (performance.now() - t0) / 1000;
  }

  /** Starts a run and waits for its end: the user's end-to-end time. */
  async run(projectId: string, heuristicId: string): Promise<{ seconds: number; run: Run }> {
    const t0 = performance.now();
    const { runs } = await this.call(RunSubjects.start, { heuristicIds: [heuristicId] }, projectId);
    const runId = runs[0]?.id ?? '';
    for (;;) {
      const run = await this.call(RunSubjects.get, { runId }, projectId);
      if (run.state !== 'queued' && run.state !== 'running') return { seconds: (performance.now() - t0) / 1000, run };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** A computed attribute "run on all" (creates the attribute the first time, replaces its values after), waited for. */
  async runCalculation(projectId: string, calculationId: string): Promise<{ seconds: number; run: CalculationRun }> {
    const t0 = performance.now();
    const { id: runId } = await this.call(AttributeCalculationSubjects.run, { calculationId }, projectId);
    for (;;) {
      const run = await this.call(AttributeCalculationSubjects.getRun, { runId }, projectId);
      if (run.state !== 'queued' && run.state !== 'running') return { seconds: (performance.now() - t0) / 1000, run };
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
