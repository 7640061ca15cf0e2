import {
  AttributeSubjects,
  EmbeddingSubjects,
  HealthSubjects,
  ProjectSubjects,
  RecordSubjects,
  type Actor,
  type Embedding,
} from '@refinery/contracts';
import { expectEventually, ServiceHarness, testEnv } from '@refinery/server-testing';
// Embeddings read texts from the records service: the tests start both.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { recordsService } from '@refinery/service-records';
import { embeddingsService } from '../embeddings.service-definition.js';

export const OWNER: Actor = { userId: 'ada', orgId: 'org-emb', role: 'owner' };
export const ANNOTATOR: Actor = { userId: 'cy', orgId: 'org-emb', role: 'annotator' };
export const OUTSIDER: Actor = { userId: 'eve', orgId: 'org-other', role: 'owner' };

export type { ErrorReply } from '@refinery/server-testing';

let counter = 0;

/** Records and embeddings on fresh databases (embeddings optional: the kill test runs its own workers). */
export class EmbeddingsHarness extends ServiceHarness {
  static async start(overrides: Record<string, string> = {}, options: { embeddingsRole?: 'all' | 'api' } = {}): Promise<EmbeddingsHarness> {
    // No hub in tests: an unknown model is refused at creation, and nothing reaches the network.
    const env = testEnv({ EMBEDDINGS_ACCESS_CACHE_MS: '1000', REFINERY_MODEL_HUB: 'off', ...overrides });
    const { running, client } = await ServiceHarness.startAll(env, [
      { definition: recordsService, health: HealthSubjects.records.check },
      { definition: embeddingsService, args: ['--role', options.embeddingsRole ?? 'all'], health: HealthSubjects.embeddings.check },
    ]);
    return new EmbeddingsHarness(running, client, env, { actor: OWNER, timeoutMs: 30_000 });
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
  countStored(collection: string, filter: Record<string, unknown>): Promise<number> {
    return this.countIn('embeddings', collection, filter);
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
