import { Inject, Injectable } from '@nestjs/common';
import type { CalculationRun, CalculationRunSummary } from '@refinery/contracts';
import { MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { ProjectScope } from '../shared/project-scope.js';
import { TenantRepository } from '../shared/tenant.repository.js';
import { CalculationRunSchema, type CalculationRunDoc } from './calculation-run.schema.js';

export type CalculationRunUpdate = Partial<
  Pick<CalculationRunDoc, 'state' | 'counts' | 'error' | 'logs' | 'attributeId' | 'generation' | 'startedAt' | 'finishedAt' | 'durationMs'>
>;

/** Calculation runs: inserted once, then written by `_id` by the one worker holding the calculation's slot. */
@Injectable()
export class CalculationRunRepository extends TenantRepository<CalculationRunDoc> {
  constructor(@Inject(MONGO) mongo: MongoConnectionManager) {
    super(mongo.connection.model<CalculationRunDoc>('CalculationRun', CalculationRunSchema));
  }

  async insert(scope: ProjectScope, doc: Omit<CalculationRunDoc, 'orgId' | 'projectId'>): Promise<CalculationRunDoc> {
    const full = { ...doc, orgId: scope.orgId, projectId: scope.projectId };
    await this.model.create(full);
    return full;
  }

  /** Newest first. */
  listOf(scope: ProjectScope, calculationId: string, limit: number): Promise<CalculationRunDoc[]> {
    return this.findScoped(scope, { calculationId }, { createdAt: -1, _id: -1 }, limit);
  }

  update(scope: ProjectScope, id: string, set: CalculationRunUpdate): Promise<boolean> {
    return this.updateById(scope, id, { $set: set });
  }

  delete(scope: ProjectScope, id: string): Promise<number> {
    return this.deleteScoped(scope, { _id: id });
  }
}

export const NO_CALCULATION_COUNTS = { records: 0, values: 0, nulls: 0 } as const;

export function calculationRunSummary(doc: CalculationRunDoc): CalculationRunSummary {
  return {
    id: doc._id,
    calculationId: doc.calculationId,
    attributeId: doc.attributeId,
    state: doc.state,
    counts: { ...NO_CALCULATION_COUNTS, ...doc.counts },
    error: doc.error,
    createdAt: doc.createdAt.toISOString(),
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    durationMs: doc.durationMs,
  };
}

export function calculationRunView(doc: CalculationRunDoc): CalculationRun {
  return {
    ...calculationRunSummary(doc),
    name: doc.name,
    dataType: doc.dataType,
    language: doc.language,
    code: doc.code,
    createdBy: doc.createdBy,
    logs: doc.logs,
  };
}
