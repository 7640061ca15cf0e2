import { Inject, Injectable } from '@nestjs/common';
import type { Envelope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { notFound } from '../shared/errors.js';
import { trustedProjectId, type ProjectScope } from '../shared/project-scope.js';
import { ProjectRepository } from './project.repository.js';

/**
 * Defence in depth behind the gateway: a request on a project must come from the project's
 * organization (or the platform itself). Anything else is NOT_FOUND, so other organizations'
 * project ids cannot even be probed.
 */
@Injectable()
export class ProjectAccessService {
  constructor(@Inject(ProjectRepository) private readonly projects: ProjectRepository) {}

  async require(env: Envelope<unknown>): Promise<ProjectScope> {
    const id = env.projectId;
    if (!id) {
      throw new AppError('VALIDATION_FAILED', `projectId: ${env.subject} needs the project id in the envelope`, {
        issues: [{ path: ['projectId'], message: 'required' }],
      });
    }
    const project = await this.projects.findAnyById(id);
    if (!project || (env.actor.role !== 'system' && project.orgId !== env.actor.orgId)) {
      throw notFound('project', id);
    }
    return { projectId: trustedProjectId(project._id), orgId: project.orgId, actor: env.actor };
  }
}
