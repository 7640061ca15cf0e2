import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, UseFilters, UseGuards } from '@nestjs/common';
import {
  allowedActions,
  CreateAssignmentRequest,
  LockAssignmentRequest,
  PageQuery,
  SetProjectRoleRequest,
  type ProjectAccessView,
} from '@refinery/contracts';
import { AuditLogService } from '../audit/audit-log.service.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { AssignmentParams, ProjectMemberParams, ProjectParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { AssignmentsService } from './assignments.service.js';
import { ProjectAccessService } from './project-access.service.js';
import { ProjectMembersService } from './project-members.service.js';

/** A project's members and roles, assignments to annotators, the caller's access, the audit log. */
@Controller('api/v1/projects/:projectId')
@UseGuards(AuthGuard)
@UseFilters(ApiExceptionFilter)
export class ProjectIdentityHttpController {
  constructor(
    @Inject(ProjectAccessService) private readonly access: ProjectAccessService,
    @Inject(ProjectMembersService) private readonly members: ProjectMembersService,
    @Inject(AssignmentsService) private readonly assignments: AssignmentsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
  ) {}

  /** The caller's role and what it allows (the web app hides what it may not do). */
  @Get('access')
  async myAccess(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ProjectAccessView> {
    const access = await this.access.resolve(principal, validate(ProjectParams, params, 'params').projectId);
    return { projectId: access.projectId, orgId: access.orgId, role: access.role, actions: allowedActions(access.role) };
  }

  @Get('members')
  async listMembers(@CurrentPrincipal() principal: Principal, @Param() params: unknown) {
    const access = await this.access.resolve(principal, validate(ProjectParams, params, 'params').projectId);
    return { members: await this.members.list(access) };
  }

  @Put('members/:userId')
  @HttpCode(204)
  async setMember(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<void> {
    const { projectId, userId } = validate(ProjectMemberParams, params, 'params');
    const { role } = validate(SetProjectRoleRequest, body, 'body');
    await this.members.set(await this.access.resolve(principal, projectId), userId, role);
  }

  @Delete('members/:userId')
  @HttpCode(204)
  async removeMember(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<void> {
    const { projectId, userId } = validate(ProjectMemberParams, params, 'params');
    await this.members.remove(await this.access.resolve(principal, projectId), userId);
  }

  @Get('assignments')
  async listAssignments(@CurrentPrincipal() principal: Principal, @Param() params: unknown) {
    const access = await this.access.resolve(principal, validate(ProjectParams, params, 'params').projectId);
    return { assignments: await this.assignments.list(access) };
  }

  @Post('assignments')
  @HttpCode(201)
  async assign(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown) {
    const access = await this.access.resolve(principal, validate(ProjectParams, params, 'params').projectId);
    return this.assignments.create(access, validate(CreateAssignmentRequest, body, 'body'));
  }

  @Patch('assignments/:assignmentId')
  @HttpCode(204)
  async lock(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<void> {
    const { projectId, assignmentId } = validate(AssignmentParams, params, 'params');
    const { locked } = validate(LockAssignmentRequest, body, 'body');
    await this.assignments.setLocked(await this.access.resolve(principal, projectId), assignmentId, locked);
  }

  @Delete('assignments/:assignmentId')
  @HttpCode(204)
  async unassign(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<void> {
    const { projectId, assignmentId } = validate(AssignmentParams, params, 'params');
    await this.assignments.remove(await this.access.resolve(principal, projectId), assignmentId);
  }

  /** Who changed what in the project, newest first (owners). */
  @Get('audit')
  async auditLog(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Query() query: unknown) {
    const { projectId } = validate(ProjectParams, params, 'params');
    const page = validate(PageQuery, query, 'query');
    await this.access.require(principal, projectId, 'audit.read');
    return this.audit.page({ projectId }, page.limit, page.cursor);
  }
}
