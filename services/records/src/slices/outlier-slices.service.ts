import { Inject, Injectable } from '@nestjs/common';
import { SimilaritySubjects, type DataSlice, type OutlierSliceSubjects, type RequestOf } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { BrowserService } from '../browser/browser.service.js';
import type { ProjectScope } from '../shared/project-scope.js';
import { SlicesService } from './slices.service.js';

/**
 * Outlier slices (issue 7): the embeddings service scores every record of an embedding, the top
 * `limit` that still exist become a STATIC slice's members.
 */
@Injectable()
export class OutlierSlicesService {
  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(SlicesService) private readonly slices: SlicesService,
    @Inject(BrowserService) private readonly browser: BrowserService,
  ) {}

  async create(scope: ProjectScope, input: RequestOf<typeof OutlierSliceSubjects.create>): Promise<DataSlice> {
    let ids: string[];
    try {
      const reply = await this.bus.request(
        SimilaritySubjects.outliers,
        { embeddingId: input.embeddingId, limit: input.limit, method: input.method },
        { actor: scope.actor, projectId: scope.projectId, timeoutMs: 60_000 },
      );
      ids = reply.records.map((r) => r.id);
    } catch (error) {
      if (error instanceof AppError && ['NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED'].includes(error.code)) {
        throw new AppError('VALIDATION_FAILED', `payload.embeddingId: ${error.message}`, { issues: [{ path: ['payload', 'embeddingId'], message: error.message }] });
      }
      throw error;
    }
    // Records deleted since the embedding was computed are left out.
    const existing = await this.browser.existingIds(scope, ids);
    return this.slices.createStatic(scope, input.name, ids.filter((id) => existing.has(id)));
  }
}
