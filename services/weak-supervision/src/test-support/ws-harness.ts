import mongoose from 'mongoose';
import type { z } from 'zod';
import {
  AssociationSubjects,
  AttributeSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  TaskSubjects,
  type Actor,
  type BulkItem,
  type EventContract,
  type LabelingTask,
  type RequestContract,
  type TaskKind,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// A run is a conversation with the records service: the tests start both (as services/export does).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { weakSupervisionService } from '../weak-supervision.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-ws', role: 'owner' };
export const EXPERT: Actor = { userId: 'bo', orgId: 'org-ws', role: 'expert' };
export const ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-ws', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };

export interface ErrorReply {
  code: string;
  message: string;
}

let counter = 0;

/** The records and weak-supervision services on fresh databases, and a client speaking as any actor. */
export class WsHarness {
  private constructor(
    private readonly services: RunningService[],
    readonly client: TestBus,
    readonly env: Record<string, string>,
  ) {}

  static async start(): Promise<WsHarness> {
    // A short debounce keeps the automatic recomputes quick to observe.
    const env = testEnv({ WS_STATISTICS_DEBOUNCE_MS: '150', WS_STATISTICS_MAX_WAIT_MS: '2000', WS_ACCESS_CACHE_MS: '1000' });
    const records = await startService(recordsService, env, []);
    const ws = await startService(weakSupervisionService, env, []);
    const harness = new WsHarness([ws, records], await testBus(env), env);
    await expectEventually(() => harness.client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => harness.client.bus.request(HealthSubjects['weak-supervision'].check, {}), { timeoutMs: 15_000 });
    return harness;
  }

  async close(): Promise<void> {
    await this.client.close();
    for (const s of this.services) await s.close();
  }

  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null, actor: Actor = OWNER): Promise<z.infer<C['reply']>> {
    return this.client.bus.request(contract, payload, { actor, projectId, timeoutMs: 30_000 });
  }

  /** The error a request is answered with (fails when it succeeds). */
  async error<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null, actor: Actor = OWNER): Promise<ErrorReply> {
    try {
      await this.call(contract, payload, projectId, actor);
    } catch (error) {
      return error as ErrorReply;
    }
    throw new Error(`${contract.subject} accepted ${JSON.stringify(payload)}`);
  }

  /** Sends a payload as is (the client would refuse an invalid one) and returns the error reply. */
  async raw(contract: RequestContract, payload: unknown, projectId: string | null, actor: Actor = OWNER): Promise<ErrorReply> {
    const nc = this.client.connection.get();
    const reply = await nc.request(this.client.connection.wireSubject(contract.subject), encode(makeEnvelope(contract.subject, payload, { actor, projectId })), {
      timeout: 10_000,
    });
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

  /** A project with `id` (primary key) and `headline`, and `n` records (or these headlines); their ids in the default order. */
  async project(n: number | readonly string[]): Promise<{ projectId: string; recordIds: string[]; headlineId: string }> {
    const headlines = typeof n === 'number' ? Array.from({ length: n }, (_, i) => `headline number ${i}`) : n;
    const { id: projectId } = await this.call(ProjectSubjects.create, { name: `ws project ${++counter}-${Date.now()}` }, null);
    await this.call(AttributeSubjects.create, { name: 'id', dataType: 'INTEGER', isPrimaryKey: true }, projectId);
    const headline = await this.call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, projectId);
    await this.call(RecordSubjects.add, { records: headlines.map((headline, id) => ({ data: { id, headline } })) }, projectId);
    const { records } = await this.call(RecordSubjects.list, { limit: 500 }, projectId);
    return { projectId, recordIds: records.map((r) => r.id), headlineId: headline.id };
  }

  task(projectId: string, name: string, kind: TaskKind, labels: string[], attributeId: string | null = null): Promise<LabelingTask> {
    return this.call(TaskSubjects.create, { name, kind, attributeId, labels: labels.map((l) => ({ name: l })) }, projectId);
  }

  /** Writes a heuristic's outputs as the heuristics service does. */
  async heuristic(projectId: string, taskId: string, sourceId: string, items: BulkItem[]): Promise<void> {
    const ref = { source: 'HEURISTIC' as const, sourceId, taskId };
    const { generation } = await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'begin' }, projectId);
    await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'page', generation, items }, projectId);
    await this.call(AssociationSubjects.replaceSource, { ...ref, step: 'commit', generation }, projectId);
  }

  /** Documents of this service's collection for a project, read straight from its database. */
  async countStored(collection: string, projectId: string): Promise<number> {
    const conn = await mongoose.createConnection(this.env['MONGO_URL']!, { dbName: `${this.env['MONGO_DB_PREFIX']}_weak_supervision` }).asPromise();
    try {
      return await conn.collection(collection).countDocuments({ projectId });
    } finally {
      await conn.close();
    }
  }
}

export function labelOf(task: LabelingTask, name: string): string {
  const label = task.labels.find((l) => l.name === name);
  if (!label) throw new Error(`no label ${name} in task ${task.name}`);
  return label.id;
}
