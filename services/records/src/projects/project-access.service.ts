import { Inject, Injectable } from '@nestjs/common';
import type { Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { notFound } from '../shared/errors.js';
import { trustedProjectId, type ProjectScope } from '../shared/project-scope.js';
import { ProjectDeletions } from './project-deletions.js';
import { ProjectRepository } from './project.repository.js';

/**
 * A project's organization never changes, so it is remembered briefly: every request on a
 * project asks here, and a read of FerretDB per request was a third of records' time per page.
 * A deletion (here or in another replica) forgets at once; the TTL is the safety net for a lost
 * notice.
 */
const OWNER_TTL_MS = 2_000;
const MAX_REMEMBERED = 10_000;

/**
 * Defence in depth behind the gateway: a request on a project must come from the project's
 * organization (or the platform itself). Anything else is NOT_FOUND, so other organizations'
 * project ids cannot even be probed.
 */
@Injectable()
export class ProjectAccessService {
  private readonly owners = new Map<string, { orgId: string; until: number }>();
  /** Bumped by every deletion: a read that overlapped one is not remembered. */
  private deletionCount = 0;

  constructor(
    @Inject(ProjectRepository) private readonly projects: ProjectRepository,
    @Inject(ProjectDeletions) private readonly deletions: ProjectDeletions,
  ) {
    deletions.listen((projectId) => {
      this.deletionCount++;
      this.owners.delete(projectId);
    });
  }

  async require(env: Envelope<unknown>): Promise<ProjectScope> {
    const id = env.projectId;
    if (!id) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    const orgId = await this.ownerOf(id);
    if (orgId === null || (env.actor.role !== 'system' && orgId !== env.actor.orgId)) {
      throw notFound('project', id);
    }
    return { projectId: trustedProjectId(id), orgId, actor: env.actor };
  }

  private async ownerOf(id: string): Promise<string | null> {
    const hit = this.owners.get(id);
    if (hit && hit.until > Date.now()) return hit.orgId;
    await this.deletions.ready();
    const before = this.deletionCount;
    const project = await this.projects.findAnyById(id);
    if (!project) return null;
    if (before === this.deletionCount) {
      if (this.owners.size >= MAX_REMEMBERED) this.owners.clear();
      this.owners.set(id, { orgId: project.orgId, until: Date.now() + OWNER_TTL_MS });
    }
    return project.orgId;
  }
}
