import type { z } from 'zod';
import {
  AttributeSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  RunSubjects,
  TaskSubjects,
  type Actor,
  type EventContract,
  type LabelingTask,
  type RecordView,
  type RequestContract,
  type Run,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
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

export interface ErrorReply {
  code: string;
  message: string;
}

/** Records and heuristics on a fresh namespace and databases, and a client speaking as an actor. */
export class HeuristicsHarness {
  private constructor(
    private readonly services: RunningService[],
    readonly client: TestBus,
  ) {}

  static async start(overrides: Record<string, string> = {}, options: { embeddings?: boolean } = {}): Promise<HeuristicsHarness> {
    const env = testEnv({ HEURISTICS_PY_WARMUP: 'false', ...overrides });
    const records = await startService(recordsService, env, []);
    const heuristics = await startService(heuristicsService, env, []);
    const embeddings = options.embeddings ? [await startService(embeddingsService, env, [])] : [];
    const h = new HeuristicsHarness([heuristics, records, ...embeddings], await testBus(env));
    await expectEventually(() => h.client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => h.client.bus.request(HealthSubjects.heuristics.check, {}), { timeoutMs: 15_000 });
    if (options.embeddings) await expectEventually(() => h.client.bus.request(HealthSubjects.embeddings.check, {}), { timeoutMs: 15_000 });
    return h;
  }

  /** A provider of the running heuristics service (for checks below the NATS surface). */
  get<T>(type: abstract new (...args: never[]) => T): T {
    return (this.services[0] as RunningService).app.get(type as never) as T;
  }

  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null, actor: Actor = OWNER): Promise<z.infer<C['reply']>> {
    return this.client.bus.request(contract, payload, { actor, projectId, timeoutMs: 60_000 });
  }

  async error<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null = null, actor: Actor = OWNER): Promise<ErrorReply> {
    try {
      await this.call(contract, payload, projectId, actor);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { code: e.code ?? 'NONE', message: e.message ?? String(error) };
    }
    throw new Error(`${contract.subject} succeeded but an error was expected`);
  }

  /** Sends a payload without client-side validation: what a buggy or hostile caller does. */
  async raw(contract: RequestContract, payload: unknown, projectId: string | null, actor: Actor = OWNER): Promise<ErrorReply> {
    const nc = this.client.connection.get();
    const reply = await nc.request(this.client.connection.wireSubject(contract.subject), encode(makeEnvelope(contract.subject, payload, { actor, projectId })), { timeout: 10_000 });
    const body = JSON.parse(new TextDecoder().decode(reply.data)) as { payload: { ok: boolean; error?: ErrorReply } };
    if (body.payload.ok || !body.payload.error) throw new Error(`${contract.subject} accepted ${JSON.stringify(payload)}`);
    return body.payload.error;
  }

  /** Collects the payloads of an event from now on. */
  async events<C extends EventContract>(contract: C): Promise<z.infer<C['payload']>[]> {
    const seen: z.infer<C['payload']>[] = [];
    const nc = this.client.connection.get();
    nc.subscribe(this.client.connection.wireSubject(contract.subject), {
      callback: (_err, msg) => {
        seen.push((JSON.parse(new TextDecoder().decode(msg.data)) as { payload: z.infer<C['payload']> }).payload);
      },
    });
    await nc.flush();
    return seen;
  }

  async close(): Promise<void> {
    await this.client.close();
    for (const s of this.services) await s.close();
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
