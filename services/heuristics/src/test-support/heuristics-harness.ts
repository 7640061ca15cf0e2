import {
  AttributeSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  RunSubjects,
  TaskSubjects,
  type Actor,
  type LabelingTask,
  type RecordView,
  type Run,
} from '@refinery/contracts';
import { expectEventually, ServiceHarness, testEnv } from '@refinery/server-testing';
// Runs talk to the records service: the test runs both, as tests/platform does.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
// Active learners read vectors from the embeddings service.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { embeddingsService } from '@refinery/service-embeddings';
import { heuristicsService } from '../heuristics.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-h', role: 'owner' };
export const ANNOTATOR: Actor = { userId: 'bob', orgId: 'org-h', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };

export type { ErrorReply } from '@refinery/server-testing';

/** Records and heuristics (and embeddings for active learners) on a fresh namespace and databases. */
export class HeuristicsHarness extends ServiceHarness {
  static async start(overrides: Record<string, string> = {}, options: { embeddings?: boolean } = {}): Promise<HeuristicsHarness> {
    const env = testEnv({ HEURISTICS_PY_WARMUP: 'false', ...overrides });
    const { running, client } = await ServiceHarness.startAll(env, [
      { definition: recordsService, health: HealthSubjects.records.check },
      ...(options.embeddings ? [{ definition: embeddingsService, health: HealthSubjects.embeddings.check }] : []),
      { definition: heuristicsService, health: HealthSubjects.heuristics.check },
    ]);
    return new HeuristicsHarness(running, client, env, { actor: OWNER, timeoutMs: 60_000 });
  }

  // --- records fixtures (through records' NATS API) ---

  async project(headlines: readonly string[], actor: Actor = OWNER): Promise<{ projectId: string; headlineId: string }> {
    const project = await this.call(ProjectSubjects.create, { name: `heuristics ${Date.now()}-${Math.random()}` }, null, actor);
    await this.call(AttributeSubjects.create, { name: 'running_id', dataType: 'INTEGER', isPrimaryKey: true }, project.id, actor);
    const headline = await this.call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT' }, project.id, actor);
    for (let i = 0; i < headlines.length; i += 1_000) {
      const rows = headlines.slice(i, i + 1_000).map((text, j) => ({ data: { running_id: i + j, headline: text } }));
      await this.call(RecordSubjects.add, { records: rows }, project.id, actor);
    }
    return { projectId: project.id, headlineId: headline.id };
  }

  task(projectId: string, name: string, kind: LabelingTask['kind'], labels: string[], attributeId: string | null = null): Promise<LabelingTask> {
    return this.call(TaskSubjects.create, { name, kind, attributeId, labels: labels.map((l) => ({ name: l })) }, projectId);
  }

  async records(projectId: string): Promise<RecordView[]> {
    const out: RecordView[] = [];
    let afterSeq: number | null = -1;
    while (afterSeq !== null) {
      const page: { records: RecordView[]; nextAfterSeq: number | null } = await this.call(RecordSubjects.list, { afterSeq, limit: 500 }, projectId);
      out.push(...page.records);
      afterSeq = page.nextAfterSeq;
    }
    return out;
  }

  /** Headline → label names a heuristic gave it (from records' label summaries). */
  async outputsOf(projectId: string, task: LabelingTask, heuristicId: string): Promise<Record<string, string[]>> {
    const names = new Map(task.labels.map((l) => [l.id, l.name]));
    const out: Record<string, string[]> = {};
    for (const r of await this.records(projectId)) {
      const by = r.labels[task.id]?.heuristicBy ?? [];
      const mine = by.filter((k) => k.startsWith(`${heuristicId}|`)).map((k) => names.get(k.split('|')[1] ?? '') ?? '?');
      if (mine.length) out[String(r.data['headline'])] = mine;
    }
    return out;
  }

  /** Waits for a run to end and returns it. */
  async finished(projectId: string, runId: string, timeoutMs = 60_000): Promise<Run> {
    return expectEventually(
      async () => {
        const run = await this.call(RunSubjects.get, { runId }, projectId);
        if (run.state === 'queued' || run.state === 'running') throw new Error(`run ${runId} is ${run.state}`);
        return run;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }
}

export function labelIdOf(task: LabelingTask, name: string): string {
  const label = task.labels.find((l) => l.name === name);
  if (!label) throw new Error(`no label ${name} in ${task.name}`);
  return label.id;
}
