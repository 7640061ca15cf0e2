import { Inject, Injectable } from '@nestjs/common';
import { can, type Actor, type ProjectAction, type ProjectRole } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { forbidden } from '../shared/api-error.js';
import { projectLimit, type Principal } from '../auth/principal.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { ProjectDirectoryService } from './project-directory.service.js';
import { ProjectMemberRepository } from './project-member.repository.js';

/** What the caller may do in one project, and the actor to send to the services. */
export interface ProjectAccess {
  projectId: string;
  orgId: string;
  role: ProjectRole;
  principal: Principal;
  /** The envelope actor `{userId, orgId, role}` for every NATS request on this project. */
  actor: Actor;
}

/**
 * Resolves a principal's role in a project: an organization admin is owner of every project of the
 * organization; anybody else has the role granted to them in the project. A project the caller
 * cannot see (another organization's, or not theirs) is NOT_FOUND, never FORBIDDEN, so ids cannot
 * be probed; a role too weak for an action is FORBIDDEN.
 */
@Injectable()
export class ProjectAccessService {
  constructor(
    @Inject(ProjectMemberRepository) private readonly members: ProjectMemberRepository,
    @Inject(OrgMemberRepository) private readonly orgMembers: OrgMemberRepository,
    @Inject(ProjectDirectoryService) private readonly directory: ProjectDirectoryService,
  ) {}

  async resolve(principal: Principal, projectId: string): Promise<ProjectAccess> {
    const limit = projectLimit(principal);
    if (limit !== null && limit !== projectId) {
      throw forbidden(`this API token is limited to project ${limit}`, { tokenProjectId: limit });
    }
    const { userId } = principal;
    const [orgs, explicit] = await Promise.all([this.orgMembers.ofUser(userId), this.members.find(projectId, userId)]);
    if (explicit) {
      const org = orgs.find((m) => m.orgId === explicit.orgId);
      if (org) return this.access(principal, projectId, explicit.orgId, org.role === 'admin' ? 'owner' : explicit.role);
    }
    for (const org of orgs.filter((m) => m.role === 'admin')) {
      if (await this.directory.belongsTo(projectId, org.orgId, userId)) return this.access(principal, projectId, org.orgId, 'owner');
    }
    throw new AppError('NOT_FOUND', `project ${projectId} not found`);
  }

  /** `resolve` plus the policy check of `action`. */
  async require(principal: Principal, projectId: string, action: ProjectAction): Promise<ProjectAccess> {
    const access = await this.resolve(principal, projectId);
    requireAction(access, action);
    return access;
  }

  private access(principal: Principal, projectId: string, orgId: string, role: ProjectRole): ProjectAccess {
    return { projectId, orgId, role, principal, actor: { userId: principal.userId, orgId, role } };
  }
}

/** FORBIDDEN naming the role and the action when the policy table says no. */
export function requireAction(access: Pick<ProjectAccess, 'role' | 'projectId'>, action: ProjectAction): void {
  if (!can(access.role, action)) {
    throw forbidden(`the role "${access.role}" may not ${action} in project ${access.projectId}`, { role: access.role, action });
  }
}
