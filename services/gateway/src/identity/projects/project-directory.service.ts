import { Inject, Injectable } from '@nestjs/common';
import { ProjectSubjects } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';

const CACHE_MS = 30_000;

/**
 * Which organization a project belongs to. Records owns projects, so it is asked (as an owner of
 * the candidate organization; records answers NOT_FOUND for another organization's project).
 * Positive answers are reused briefly, negative ones never.
 */
@Injectable()
export class ProjectDirectoryService {
  private readonly cache = new Map<string, number>();

  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async belongsTo(projectId: string, orgId: string, userId: string): Promise<boolean> {
    const key = `${orgId}|${projectId}`;
    const now = this.clock.now().getTime();
    if ((this.cache.get(key) ?? 0) > now) return true;
    try {
      const project = await this.bus.request(ProjectSubjects.get, {}, { actor: { userId, orgId, role: 'owner' }, projectId });
      if (project.orgId !== orgId) return false;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
    this.cache.set(key, now + CACHE_MS);
    return true;
  }
}
