import { Inject, Injectable } from '@nestjs/common';
import { ProjectSubjects, type Actor, type Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import { trustedProjectId, type ProjectScope } from './project-scope.js';
import type { WeakSupervisionConfig } from './weak-supervision-config.js';

/** `read`: statistics, runs, models; `write`: start runs, recompute statistics. */
export type Access = 'read' | 'write';

const ROLES: Record<Access, ReadonlySet<Actor['role']>> = {
  read: new Set(['owner', 'engineer', 'expert', 'system']),
  write: new Set(['owner', 'engineer', 'system']),
};

const MAX_CACHED = 10_000;

/**
 * Defence in depth behind the gateway: the project must belong to the caller's organization
 * (records is asked, as it owns projects; the answer is cached briefly) and the caller's role
 * must allow the action. Another organization's project is NOT_FOUND, as in records.
 */
@Injectable()
export class ProjectAccessService {
  private readonly verified = new Map<string, number>(); // `${orgId} ${projectId}` -> expiry

  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(CONFIG) private readonly config: WeakSupervisionConfig,
  ) {}

  async require(env: Envelope<unknown>, access: Access): Promise<ProjectScope> {
    const projectId = env.projectId;
    if (!projectId) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    if (!ROLES[access].has(env.actor.role)) {
      throw new AppError('FORBIDDEN', `the ${env.actor.role} role may not ${access === 'write' ? 'change' : 'read'} weak supervision`);
    }
    const key = `${env.actor.orgId} ${projectId}`;
    const now = Date.now();
    if ((this.verified.get(key) ?? 0) <= now) {
      // records answers NOT_FOUND for another organization's project; that error passes through.
      await this.bus.request(ProjectSubjects.get, {}, { actor: env.actor, projectId });
      if (this.verified.size >= MAX_CACHED) this.verified.clear();
      this.verified.set(key, now + this.config.WS_ACCESS_CACHE_MS);
    }
    return { projectId: trustedProjectId(projectId), actor: env.actor };
  }

  /** Forgets a deleted project at once. */
  forget(projectId: string): void {
    for (const key of this.verified.keys()) if (key.endsWith(` ${projectId}`)) this.verified.delete(key);
  }
}
