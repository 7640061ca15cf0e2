import { Inject, Injectable } from '@nestjs/common';
import { ProjectSubjects, type Actor, type Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { EmbeddingsConfig } from './embeddings-config.js';
import { trustedProjectId, type ProjectScope } from './project-scope.js';

/** `read`: embeddings, similar records, outliers, vectors; `write`: create, delete, import. */
export type Access = 'read' | 'write';

// Annotators browse by similarity too (the records service asks on their behalf).
const ROLES: Record<Access, ReadonlySet<Actor['role']>> = {
  read: new Set(['owner', 'engineer', 'expert', 'annotator', 'system']),
  write: new Set(['owner', 'engineer', 'system']),
};

const MAX_CACHED = 10_000;

/**
 * Defence in depth behind the gateway: the project must belong to the caller's organization
 * (records owns projects and is asked; the answer is cached briefly) and the role must allow the
 * action. Another organization's project is NOT_FOUND, as in records.
 */
@Injectable()
export class ProjectAccessService {
  private readonly verified = new Map<string, number>(); // `${orgId} ${projectId}` -> expiry

  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(CONFIG) private readonly config: EmbeddingsConfig,
  ) {}

  async require(env: Envelope<unknown>, access: Access): Promise<ProjectScope> {
    const projectId = env.projectId;
    if (!projectId) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    if (!ROLES[access].has(env.actor.role)) {
      throw new AppError('FORBIDDEN', `the ${env.actor.role} role may not ${access === 'write' ? 'change' : 'read'} embeddings`);
    }
    const key = `${env.actor.orgId} ${projectId}`;
    const now = Date.now();
    if ((this.verified.get(key) ?? 0) <= now) {
      await this.bus.request(ProjectSubjects.get, {}, { actor: env.actor, projectId, timeoutMs: 15_000 });
      if (this.verified.size >= MAX_CACHED) this.verified.clear();
      this.verified.set(key, now + this.config.EMBEDDINGS_ACCESS_CACHE_MS);
    }
    return { projectId: trustedProjectId(projectId), actor: env.actor };
  }

  forget(projectId: string): void {
    for (const key of this.verified.keys()) if (key.endsWith(` ${projectId}`)) this.verified.delete(key);
  }
}
