import { Inject, Injectable } from '@nestjs/common';
import { ProjectSubjects, SYSTEM_ACTOR, type Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG, NATS_BUS } from '@refinery/server-kit';
import type { NatsBus } from '@refinery/server-nats';
import type { HeuristicsConfig } from '../shared/heuristics-config.js';
import { trustedScope, type ProjectScope } from '../shared/project-scope.js';
import { requireRole, type Access } from './role-policy.js';

interface Cached {
  orgId: string;
  until: number;
}

/**
 * Defence in depth behind the gateway: the project of a request must belong to the actor's
 * organization. Records owns projects, so it is asked (`records.projects.get.v1` as the actor);
 * a positive answer is reused for a short while, a negative one never.
 */
@Injectable()
export class ProjectAccessService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    @Inject(NATS_BUS) private readonly bus: NatsBus,
    @Inject(CONFIG) private readonly config: HeuristicsConfig,
  ) {}

  async require(env: Envelope<unknown>, access: Access): Promise<ProjectScope> {
    requireRole(env.actor, access, env.subject);
    const projectId = env.projectId;
    if (!projectId) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    const orgId = await this.orgOf(projectId, env.actor);
    return trustedScope(projectId, orgId, env.actor);
  }

  /** The scope of a project the platform acts on by itself (events from records). */
  async system(projectId: string): Promise<ProjectScope> {
    return trustedScope(projectId, await this.orgOf(projectId, SYSTEM_ACTOR), SYSTEM_ACTOR);
  }

  /** A deleted project must not stay reachable through the cache. */
  forget(projectId: string): void {
    for (const key of this.cache.keys()) if (key.endsWith(`|${projectId}`)) this.cache.delete(key);
  }

  private async orgOf(projectId: string, actor: Envelope<unknown>['actor']): Promise<string> {
    const key = `${actor.role === 'system' ? '*' : actor.orgId}|${projectId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.orgId;
    // Records answers NOT_FOUND for another organization's project: the error passes through.
    const project = await this.bus.request(ProjectSubjects.get, {}, { actor, projectId });
    if (actor.role !== 'system' && project.orgId !== actor.orgId) throw new AppError('NOT_FOUND', `project ${projectId} not found`);
    this.cache.set(key, { orgId: project.orgId, until: Date.now() + this.config.HEURISTICS_ACCESS_CACHE_MS });
    return project.orgId;
  }
}
