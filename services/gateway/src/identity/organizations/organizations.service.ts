import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OrgMemberView, OrganizationView, OrgRole } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AccountsService, toUserView } from '../accounts/accounts.service.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { projectLimit, type Principal } from '../auth/principal.js';
import { ProjectMemberRepository } from '../projects/project-member.repository.js';
import { forbidden } from '../shared/api-error.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { OrganizationRepository } from './organization.repository.js';
import { OrgMemberRepository } from './org-member.repository.js';
import type { OrgMemberDoc } from './org-member.schema.js';

/**
 * Organizations and their members. Anyone signed in may create one (and becomes its admin);
 * members see the member list; admins add, change and remove members. An organization keeps at
 * least one admin.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @Inject(OrganizationRepository) private readonly orgs: OrganizationRepository,
    @Inject(OrgMemberRepository) private readonly members: OrgMemberRepository,
    @Inject(ProjectMemberRepository) private readonly projectMembers: ProjectMemberRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, input: { id?: string; name: string }): Promise<OrganizationView> {
    requireAccountWide(principal);
    const id = input.id ?? `org-${randomBytes(5).toString('hex')}`;
    const now = this.clock.now();
    await this.orgs.insert({ _id: id, name: input.name, createdBy: principal.userId, createdAt: now });
    await this.members.insert({ orgId: id, userId: principal.userId, role: 'admin', createdAt: now });
    await this.audit.record({ actor: actorOf(principal), action: 'org.created', orgIds: [id], target: { type: 'organization', id }, details: { name: input.name } });
    return { id, name: input.name, role: 'admin', createdAt: now.toISOString() };
  }

  /** Creates an organization with its first admin at setup (no principal yet). */
  async bootstrap(orgId: string, name: string, adminUserId: string): Promise<void> {
    const now = this.clock.now();
    if (!(await this.orgs.findById(orgId))) await this.orgs.insert({ _id: orgId, name, createdBy: adminUserId, createdAt: now });
    if (!(await this.members.find(orgId, adminUserId))) await this.members.insert({ orgId, userId: adminUserId, role: 'admin', createdAt: now });
  }

  /** Adds a user provisioned by OIDC to the configured organization (when it exists). */
  async join(orgId: string, userId: string): Promise<boolean> {
    if (!(await this.orgs.findById(orgId)) || (await this.members.find(orgId, userId))) return false;
    await this.members.insert({ orgId, userId, role: 'member', createdAt: this.clock.now() });
    return true;
  }

  async mine(userId: string): Promise<OrganizationView[]> {
    const memberships = await this.members.ofUser(userId);
    const orgs = new Map((await this.orgs.findMany(memberships.map((m) => m.orgId))).map((o) => [o._id, o]));
    return memberships.flatMap((m) => {
      const org = orgs.get(m.orgId);
      return org ? [{ id: org._id, name: org.name, role: m.role, createdAt: org.createdAt.toISOString() }] : [];
    });
  }

  async get(principal: Principal, orgId: string): Promise<OrganizationView> {
    const membership = await this.requireMember(principal, orgId);
    const org = await this.orgs.findById(orgId);
    if (!org) throw notFound(orgId);
    return { id: org._id, name: org.name, role: membership.role, createdAt: org.createdAt.toISOString() };
  }

  async listMembers(principal: Principal, orgId: string): Promise<OrgMemberView[]> {
    await this.requireMember(principal, orgId);
    const members = await this.members.ofOrg(orgId);
    const users = new Map((await this.accounts.many(members.map((m) => m.userId))).map((u) => [u._id, u]));
    return members.flatMap((m) => {
      const user = users.get(m.userId);
      return user ? [{ user: toUserView(user), role: m.role, since: m.createdAt.toISOString() }] : [];
    });
  }

  /**
   * Adds the account with this e-mail; with a password, creates a local account when there is none
   * (an admin onboarding a colleague). NOT_FOUND names the e-mail otherwise.
   */
  async addMember(
    principal: Principal,
    orgId: string,
    input: { email: string; role: OrgRole; password?: string; displayName?: string },
  ): Promise<OrgMemberView> {
    await this.requireAdmin(principal, orgId);
    let user = await this.accounts.byEmail(input.email);
    if (!user) {
      if (!input.password) throw new AppError('NOT_FOUND', `no account has the e-mail ${input.email}; give a password to create one`);
      user = await this.accounts.createLocal(input.email, input.password, input.displayName);
    }
    const doc = await this.members.insert({ orgId, userId: user._id, role: input.role, createdAt: this.clock.now() });
    await this.audit.record({
      actor: actorOf(principal),
      action: 'org.member_added',
      orgIds: [orgId],
      target: { type: 'user', id: user._id },
      details: { role: input.role, email: input.email },
    });
    return { user: toUserView(user), role: doc.role, since: doc.createdAt.toISOString() };
  }

  async changeRole(principal: Principal, orgId: string, userId: string, role: OrgRole): Promise<void> {
    await this.requireAdmin(principal, orgId);
    const current = await this.members.find(orgId, userId);
    if (!current) throw new AppError('NOT_FOUND', `user ${userId} is not a member of organization ${orgId}`);
    if (current.role === 'admin' && role !== 'admin') await this.keepOneAdmin(orgId);
    await this.members.setRole(orgId, userId, role);
    await this.audit.record({
      actor: actorOf(principal),
      action: 'org.member_role_changed',
      orgIds: [orgId],
      target: { type: 'user', id: userId },
      details: { role, previousRole: current.role },
    });
  }

  async removeMember(principal: Principal, orgId: string, userId: string): Promise<void> {
    await this.requireAdmin(principal, orgId);
    const current = await this.members.find(orgId, userId);
    if (!current) throw new AppError('NOT_FOUND', `user ${userId} is not a member of organization ${orgId}`);
    if (current.role === 'admin') await this.keepOneAdmin(orgId);
    await this.members.delete(orgId, userId);
    await this.projectMembers.deleteInOrg(orgId, userId);
    await this.audit.record({ actor: actorOf(principal), action: 'org.member_removed', orgIds: [orgId], target: { type: 'user', id: userId } });
  }

  /** NOT_FOUND for organizations the caller is not in (ids of others' cannot be probed). */
  async requireMember(principal: Principal, orgId: string): Promise<OrgMemberDoc> {
    requireAccountWide(principal);
    const membership = await this.members.find(orgId, principal.userId);
    if (!membership) throw notFound(orgId);
    return membership;
  }

  async requireAdmin(principal: Principal, orgId: string): Promise<OrgMemberDoc> {
    const membership = await this.requireMember(principal, orgId);
    if (membership.role !== 'admin') throw forbidden(`only admins of organization ${orgId} may do this`, { role: membership.role });
    return membership;
  }

  private async keepOneAdmin(orgId: string): Promise<void> {
    const admins = (await this.members.ofOrg(orgId)).filter((m) => m.role === 'admin');
    if (admins.length <= 1) throw new AppError('CONFLICT', `organization ${orgId} needs at least one admin`);
  }
}

/** Project-scoped tokens act inside their project only. */
function requireAccountWide(principal: Principal): void {
  const limit = projectLimit(principal);
  if (limit !== null) throw forbidden(`this API token is limited to project ${limit}`, { tokenProjectId: limit });
}

function notFound(orgId: string): AppError {
  return new AppError('NOT_FOUND', `organization ${orgId} not found`);
}

function actorOf(principal: Principal) {
  return { userId: principal.userId, via: principal.via };
}
