import mongoose from 'mongoose';
import type { z } from 'zod';
import {
  AttributeSubjects,
  EmbeddingSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  type Actor,
  type Embedding,
  type EventContract,
  type RequestContract,
} from '@refinery/contracts';
import { startService, type RunningService } from '@refinery/server-kit';
import { encode, makeEnvelope } from '@refinery/server-nats';
import { expectEventually, testBus, testEnv, type TestBus } from '@refinery/server-testing';
// Embeddings read texts from the records service: the tests start both.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { embeddingsService } from '../embeddings.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-emb', role: 'owner' };
export const ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-emb', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };

export interface ErrorReply {
  code: string;
  message: string;
}

let counter = 0;

/** Records and embeddings on fresh databases (embeddings optional: the kill test runs its own workers). */
export class EmbeddingsHarness {
  private constructor(
    private readonly services: RunningService[],
    readonly client: TestBus,
    readonly env: Record<string, string>,
  ) {}

  static async start(overrides: Record<string, string> = {}, options: { embeddingsRole?: 'all' | 'api' } = {}): Promise<EmbeddingsHarness> {
    // No hub in tests: an unknown model is refused at creation, and nothing reaches the network.
    const env = testEnv({ EMBEDDINGS_ACCESS_CACHE_MS: '1000', REFINERY_MODEL_HUB: 'off', ...overrides });
    const records = await startService(recordsService, env, []);
    const embeddings = await startService(embeddingsService, env, ['--role', options.embeddingsRole ?? 'all']);
    const harness = new EmbeddingsHarness([embeddings, records], await testBus(env), env);
    await expectEventually(() => harness.client.bus.request(HealthSubjects.records.check, {}), { timeoutMs: 15_000 });
    await expectEventually(() => harness.client.bus.request(HealthSubjects.embeddings.check, {}), { timeoutMs: 15_000 });
    return harness;
  }

  async close(): Promise<void> {
    await this.client.close();
    for (const s of this.services) await s.close();
  }

  call<C extends RequestContract>(contract: C, payload: z.input<C['request']>, projectId: string | null, actor: Actor = OWNER): Promise<z.infer<C['reply']>> {
    return this.client.bus.request(contract, payload, { actor, projectId, timeoutMs: 30_000 });
  }

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

  /** A project with `id` (primary key) and `headline` (TEXT); record ids in the default order. */
  async project(headlines: readonly string[]): Promise<{ projectId: string; recordIds: string[] }> {
    const { id: projectId } = await this.call(ProjectSubjects.create, { name: `emb project ${++counter}-${Date.now()}` }, null);
    await this.call(AttributeSubjects.create, { name: 'id', dataType: 'INTEGER', isPrimaryKey: true }, projectId);
    await this.call(AttributeSubjects.create, { name: 'headline', dataType: 'TEXT', isPrimaryKey: false }, projectId);
    // Pages stay below NATS' 1 MB message limit also for long texts.
    const longest = Math.max(1, ...headlines.map((t) => t.length));
    const size = Math.max(1, Math.min(1_000, Math.floor(400_000 / longest)));
    for (let from = 0; from < headlines.length; from += size) {
      await this.call(RecordSubjects.add, { records: headlines.slice(from, from + size).map((headline, i) => ({ data: { id: from + i, headline } })) }, projectId);
    }
    const recordIds: string[] = [];
    for (let after: number | null = -1; after !== null; ) {
      const page: { records: { id: string }[]; nextAfterSeq: number | null } = await this.call(RecordSubjects.list, { afterSeq: after, limit: Math.min(2_000, size) }, projectId);
      recordIds.push(...page.records.map((r) => r.id));
      after = page.nextAfterSeq;
    }
    return { projectId, recordIds };
  }

  /** Waits until the embedding is FINISHED (fails at once on FAILED). */
  async finished(projectId: string, embeddingId: string, timeoutMs = 30_000): Promise<Embedding> {
    return expectEventually(
      async () => {
        const e = await this.call(EmbeddingSubjects.get, { embeddingId }, projectId);
        if (e.state === 'FAILED') throw Object.assign(new Error(`embedding failed: ${e.error?.message}`), { final: true });
        if (e.state !== 'FINISHED') throw new Error(`embedding is ${e.state}`);
        return e;
      },
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Documents of a collection of the embeddings database for a project. */
  async countStored(collection: string, filter: Record<string, unknown>): Promise<number> {
    const conn = await mongoose.createConnection(this.env['MONGO_URL']!, { dbName: `${this.env['MONGO_DB_PREFIX']}_embeddings` }).asPromise();
    try {
      return await conn.collection(collection).countDocuments(filter);
    } finally {
      await conn.close();
    }
  }
}

/** Headlines with some structure: topics repeat words, so neighbours are meaningful. */
export function headlines(n: number): string[] {
  const topics = [
    ['stocks', 'market', 'shares', 'investors', 'trading'],
    ['football', 'match', 'goal', 'league', 'coach'],
    ['election', 'vote', 'senate', 'campaign', 'president'],
    ['recipe', 'cake', 'chocolate', 'bake', 'oven'],
  ];
  return Array.from({ length: n }, (_, i) => {
    const t = topics[i % topics.length]!;
    return `${t[i % 5]} ${t[(i + 1) % 5]} ${t[(i + 2) % 5]} story number ${i} about ${t[(i * 7) % 5]}`;
  });
}
