import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AddOrgMemberRequest, ChangeOrgMemberRequest, CreateOrganizationRequest, PageQuery } from '@refinery/contracts';
import { AuditLogService } from '../audit/audit-log.service.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { OrgMemberParams, OrgParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { OrganizationsService } from './organizations.service.js';

@Controller('api/v1/organizations')
@UseGuards(AuthGuard)
@UseFilters(ApiExceptionFilter)
export class OrganizationsHttpController {
  constructor(
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { organizations: principal.token?.projectId ? [] : await this.orgs.mine(principal.userId) };
  }

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.orgs.create(principal, validate(CreateOrganizationRequest, body, 'body'));
  }

  @Get(':orgId')
  get(@CurrentPrincipal() principal: Principal, @Param() params: unknown) {
    return this.orgs.get(principal, validate(OrgParams, params, 'params').orgId);
  }

  @Get(':orgId/members')
  async members(@CurrentPrincipal() principal: Principal, @Param() params: unknown) {
    return { members: await this.orgs.listMembers(principal, validate(OrgParams, params, 'params').orgId) };
  }

  @Post(':orgId/members')
  @HttpCode(201)
  addMember(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown) {
    const { orgId } = validate(OrgParams, params, 'params');
    return this.orgs.addMember(principal, orgId, validate(AddOrgMemberRequest, body, 'body'));
  }

  @Patch(':orgId/members/:userId')
  @HttpCode(204)
  async changeMember(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<void> {
    const { orgId, userId } = validate(OrgMemberParams, params, 'params');
    await this.orgs.changeRole(principal, orgId, userId, validate(ChangeOrgMemberRequest, body, 'body').role);
  }

  @Delete(':orgId/members/:userId')
  @HttpCode(204)
  async removeMember(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<void> {
    const { orgId, userId } = validate(OrgMemberParams, params, 'params');
    await this.orgs.removeMember(principal, orgId, userId);
  }

  /** The organization's audit log (admins): memberships, logins, tokens, project changes. */
  @Get(':orgId/audit')
  async auditLog(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Query() query: unknown) {
    const { orgId } = validate(OrgParams, params, 'params');
    const page = validate(PageQuery, query, 'query');
    await this.orgs.requireAdmin(principal, orgId);
    return this.audit.page({ orgId }, page.limit, page.cursor);
  }
}
