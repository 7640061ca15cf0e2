import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AssignmentKind } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AuditLogService } from '../../identity/audit/audit-log.service.js';
import { AuthGuard } from '../../identity/auth/auth.guard.js';
import { OrganizationsService } from '../../identity/organizations/organizations.service.js';
import { AssignmentsService } from '../../identity/projects/assignments.service.js';
import { ProjectAccessService } from '../../identity/projects/project-access.service.js';
import { ProjectMembersService } from '../../identity/projects/project-members.service.js';
import type { ApiAccess, Principal, ProjectAccess } from './api-access.js';

/** ApiAccess backed by the identity module's guard and services. */
@Injectable()
export class IdentityApiAccess implements ApiAccess {
  constructor(
    @Inject(AuthGuard) private readonly guard: AuthGuard,
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(ProjectMembersService) private readonly members: ProjectMembersService,
    @Inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @Inject(AuditLogService) private readonly auditLog: AuditLogService,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
  ) {}

  authenticate(req: Request): Promise<Principal> {
    return this.guard.authenticate(req);
  }

  project(principal: Principal, projectId: string): Promise<ProjectAccess> {
    return this.access.resolve(principal, projectId);
  }

  async organization(principal: Principal, orgId: string | undefined): Promise<string> {
    if (orgId !== undefined) return (await this.orgs.requireMember(principal, orgId)).orgId;
    const mine = await this.organizations(principal);
    if (mine.length === 1 && mine[0] !== undefined) return mine[0];
    throw new AppError(
      'VALIDATION_FAILED',
      mine.length === 0 ? 'orgId: you are not a member of any organization' : `orgId: you are in ${mine.length} organizations; name one (${mine.join(', ')})`,
      { issues: [{ path: ['orgId'], message: 'required' }] },
    );
  }

  async organizations(principal: Principal): Promise<string[]> {
    return (await this.orgs.mine(principal.userId)).map((o) => o.id);
  }

  projectCreated(principal: Principal, orgId: string, projectId: string): Promise<void> {
    return this.members.grantOwner(projectId, orgId, principal.userId);
  }

  projectDeleted(projectId: string): Promise<void> {
    return this.members.forgetProject(projectId);
  }

  mayLabel(access: ProjectAccess, kind: AssignmentKind, targetId: string): Promise<boolean> {
    return this.assignments.mayLabel(access, kind, targetId);
  }

  audit(access: ProjectAccess, action: string, target: { type: string; id: string } | null, details: Record<string, unknown>): Promise<void> {
    return this.auditLog.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action,
      orgIds: [access.orgId],
      projectId: access.projectId,
      ...(target ? { target } : {}),
      details,
    });
  }
}
