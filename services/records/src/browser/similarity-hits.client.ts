import { Inject, Injectable } from '@nestjs/common';
import { SimilaritySubjects } from '@refinery/contracts';
import type { SimilarityHit } from '@refinery/query';
import { AppError } from '@refinery/server-core';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { ProjectScope } from '../shared/project-scope.js';

/** Records shown for a similarity order: refinery's top 100 within its similarity threshold. */
export const SIMILAR_RECORDS = 100;

/** The SIMILARITY order's target, read loosely from a raw query (the parser validates it later). */
export function similarityTarget(raw: unknown): { recordId: string; embeddingId: string } | null {
  const order = typeof raw === 'object' && raw !== null ? (raw as { order?: unknown }).order : undefined;
  if (typeof order !== 'object' || order === null) return null;
  const { kind, recordId, embeddingId } = order as Record<string, unknown>;
  return kind === 'SIMILARITY' && typeof recordId === 'string' && typeof embeddingId === 'string' ? { recordId, embeddingId } : null;
}

/**
 * Asks the embeddings service for the records most similar to one record (ARCHITECTURE.md: records
 * asks embeddings for the top-K ids with scores, then applies the filter and the ordering itself).
 * What the caller got wrong (unknown embedding, a record without a vector) becomes a validation
 * error of `payload.query.order`; an unreachable embeddings service stays UNAVAILABLE.
 */
@Injectable()
export class SimilarityHitsClient {
  constructor(@Inject(NATS_BUS) private readonly bus: NatsBus) {}

  async hits(scope: ProjectScope, target: { recordId: string; embeddingId: string }): Promise<SimilarityHit[]> {
    try {
      const reply = await this.bus.request(
        SimilaritySubjects.find,
        { embeddingId: target.embeddingId, recordId: target.recordId, limit: SIMILAR_RECORDS, threshold: 'auto' },
        { actor: scope.actor, projectId: scope.projectId },
      );
      return reply.hits.map((h) => ({ id: h.id, score: h.score }));
    } catch (error) {
      if (error instanceof AppError && ['NOT_FOUND', 'CONFLICT', 'VALIDATION_FAILED'].includes(error.code)) {
        throw new AppError('VALIDATION_FAILED', `payload.query.order: ${error.message}`, { issues: [{ path: ['payload', 'query', 'order'], message: error.message }] });
      }
      throw error;
    }
  }
}
