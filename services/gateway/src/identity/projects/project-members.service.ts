import { Inject, Injectable } from '@nestjs/common';
import type { ProjectMemberView, ProjectRole } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AccountsService, toUserView } from '../accounts/accounts.service.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { AssignmentRepository } from './assignment.repository.js';
import { ProjectMemberRepository } from './project-member.repository.js';
import { requireAction, type ProjectAccess } from './project-access.service.js';

/** Who has which role in a project; only owners change it (the policy table says so). */
@Injectable()
export class ProjectMembersService {
  constructor(
    @Inject(ProjectMemberRepository) private readonly members: ProjectMemberRepository,
    @Inject(OrgMemberRepository) private readonly orgMembers: OrgMemberRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async list(access: ProjectAccess): Promise<ProjectMemberView[]> {
    requireAction(access, 'members.read');
    const [explicit, orgMembers] = await Promise.all([this.members.ofProject(access.projectId), this.orgMembers.ofOrg(access.orgId)]);
    const inOrg = new Map(orgMembers.map((m) => [m.userId, m.role]));
    const rows = new Map<string, { role: ProjectRole; source: ProjectMemberView['source'] }>();
    for (const m of orgMembers) if (m.role === 'admin') rows.set(m.userId, { role: 'owner', source: 'org-admin' });
    for (const m of explicit) if (inOrg.has(m.userId) && !rows.has(m.userId)) rows.set(m.userId, { role: m.role, source: 'project' });
    const users = new Map((await this.accounts.many([...rows.keys()])).map((u) => [u._id, u]));
    return [...rows.entries()].flatMap(([userId, row]) => {
      const user = users.get(userId);
      return user ? [{ user: toUserView(user), ...row }] : [];
    });
  }

  async set(access: ProjectAccess, userId: string, role: ProjectRole): Promise<void> {
    requireAction(access, 'roles.manage');
    if (!(await this.orgMembers.find(access.orgId, userId))) {
      throw new AppError('NOT_FOUND', `user ${userId} is not a member of organization ${access.orgId}`);
    }
    const previous = await this.members.find(access.projectId, userId);
    await this.members.upsert({
      projectId: access.projectId,
      orgId: access.orgId,
      userId,
      role,
      grantedBy: access.principal.userId,
      updatedAt: this.clock.now(),
    });
    await this.audit.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action: 'project.member_set',
      orgIds: [access.orgId],
      projectId: access.projectId,
      target: { type: 'user', id: userId },
      details: { role, previousRole: previous?.role ?? null },
    });
  }

  /** The creator of a project becomes its owner (called by the project routes). */
  async grantOwner(projectId: string, orgId: string, userId: string): Promise<void> {
    await this.members.upsert({ projectId, orgId, userId, role: 'owner', grantedBy: userId, updatedAt: this.clock.now() });
  }

  /** A deleted project's roles and assignments go with it (the project routes call this). */
  async forgetProject(projectId: string): Promise<void> {
    await this.members.deleteOfProject(projectId);
    await this.assignments.deleteOfProject(projectId);
  }

  async remove(access: ProjectAccess, userId: string): Promise<void> {
    requireAction(access, 'members.manage');
    if (!(await this.members.delete(access.projectId, userId))) {
      throw new AppError('NOT_FOUND', `user ${userId} has no role in project ${access.projectId}`);
    }
    await this.assignments.deleteOfUser(access.projectId, userId);
    await this.audit.record({
      actor: { userId: access.principal.userId, via: access.principal.via },
      action: 'project.member_removed',
      orgIds: [access.orgId],
      projectId: access.projectId,
      target: { type: 'user', id: userId },
    });
  }
}
