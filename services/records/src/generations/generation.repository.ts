import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectId } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { EMPTY_POINTER, type GenerationPointer } from './generation-rules.js';
import { GenerationSchema, type GenerationDoc } from './generation.schema.js';

/** The committed pointers: every flip is one single-document update, atomic without transactions. */
@Injectable()
export class GenerationRepository extends TenantRepository<GenerationDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<GenerationDoc>('Generation', GenerationSchema));
  }

  /** Hands out a new generation and makes it the scope's current writer. */
  async begin(projectId: ProjectId, scope: string): Promise<number> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: key(projectId, scope) },
        { $inc: { latest: 1 }, $setOnInsert: { projectId, scope, committed: 0, committedAt: null, history: [] } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<GenerationDoc>();
    if (!doc) throw new Error(`generation pointer ${scope} of ${projectId} vanished`);
    const generation = doc.latest;
    // Never let an older, slower begin take the writer slot back from a newer one.
    await this.model.updateOne(
      { _id: key(projectId, scope), $or: [{ writing: null }, { writing: { $lt: generation } }] },
      { $set: { writing: generation, pages: 0 } },
    );
    return generation;
  }

  async pointer(projectId: ProjectId, scope: string): Promise<GenerationPointer> {
    const doc = await this.findById(projectId, key(projectId, scope));
    return doc ? { committed: doc.committed, latest: doc.latest, writing: doc.writing, pages: doc.pages ?? 0 } : EMPTY_POINTER;
  }

  async committed(projectId: ProjectId, scope: string): Promise<number> {
    return (await this.pointer(projectId, scope)).committed;
  }

  /** Committed generation of every scope of the project (0 for scopes never committed). */
  async committedAll(projectId: ProjectId): Promise<(scope: string) => number> {
    const docs = await this.findScoped(projectId);
    const map = new Map(docs.map((d) => [d.scope, d.committed]));
    return (scope) => map.get(scope) ?? 0;
  }

  /** Counts one stored page of the current writer; false when `generation` is not the writer. */
  async countPage(projectId: ProjectId, scope: string, generation: number): Promise<boolean> {
    const res = await this.model.updateOne({ _id: key(projectId, scope), writing: generation }, { $inc: { pages: 1 } });
    return res.matchedCount === 1;
  }

  /** Every pointer of the project (the store's load). */
  all(projectId: ProjectId): Promise<GenerationDoc[]> {
    return this.findScoped(projectId);
  }

  /** The flip: succeeds only for the current writer. */
  async commit(projectId: ProjectId, scope: string, generation: number): Promise<boolean> {
    const res = await this.model.updateOne(
      { _id: key(projectId, scope), writing: generation },
      { $set: { committed: generation, writing: null, committedAt: new Date() }, $push: { history: generation } },
    );
    return res.matchedCount === 1;
  }

  async abort(projectId: ProjectId, scope: string, generation: number): Promise<void> {
    await this.model.updateOne({ _id: key(projectId, scope), writing: generation }, { $set: { writing: null } });
  }
}

function key(projectId: string, scope: string): string {
  return `${projectId}|${scope}`;
}
