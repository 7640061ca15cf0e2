import { Inject, Injectable } from '@nestjs/common';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { RunSchema, type RunDoc } from './run.schema.js';

export type RunUpdate = Partial<Pick<RunDoc, 'state' | 'counts' | 'error' | 'logs' | 'startedAt' | 'finishedAt' | 'durationMs' | 'trainRecordIds'>>;

/**
 * Runs are inserted once and then only written by `_id`, by one writer at a time: the worker that
 * holds the heuristic's active slot, or whoever withdrew the run from the pending slot.
 */
@Injectable()
export class RunRepository extends TenantRepository<RunDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<RunDoc>('Run', RunSchema));
  }

  async insert(scope: ProjectScope, doc: Omit<RunDoc, 'orgId' | 'projectId'>): Promise<RunDoc> {
    const full = { ...doc, orgId: scope.orgId, projectId: scope.projectId };
    await this.model.create(full);
    return full;
  }

  /** Newest first. */
  listOf(scope: ProjectScope, heuristicId: string, limit: number): Promise<RunDoc[]> {
    return this.findScoped(scope, { heuristicId }, { createdAt: -1, _id: -1 }, limit);
  }

  update(scope: ProjectScope, id: string, set: RunUpdate): Promise<boolean> {
    return this.updateById(scope, id, { $set: set });
  }

  /** The newest succeeded run of each of these heuristics (active learners' training records). */
  async lastSucceeded(scope: ProjectScope, heuristicIds: readonly string[]): Promise<RunDoc[]> {
    const out: RunDoc[] = [];
    for (const heuristicId of heuristicIds) {
      const [run] = await this.findScoped(scope, { heuristicId, state: 'succeeded' }, { createdAt: -1, _id: -1 }, 1);
      if (run) out.push(run);
    }
    return out;
  }

  deleteOf(scope: ProjectScope, heuristicId: string): Promise<number> {
    return this.deleteScoped(scope, { heuristicId });
  }
}
