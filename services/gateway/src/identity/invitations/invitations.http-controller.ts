import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CreateInvitationRequest, type CreateInvitationResponse, type InvitationList } from '@refinery/contracts';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { InvitationParams, OrgParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { InvitationsService } from './invitations.service.js';

/** An organization's invitations (admins): create (the link is in this response only), list pending, revoke. */
@Controller('api/v1/organizations/:orgId/invitations')
@UseGuards(AuthGuard)
@UseFilters(ApiExceptionFilter)
export class InvitationsHttpController {
  constructor(@Inject(InvitationsService) private readonly invitations: InvitationsService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<InvitationList> {
    return { invitations: await this.invitations.list(principal, validate(OrgParams, params, 'params').orgId) };
  }

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<CreateInvitationResponse> {
    const { orgId } = validate(OrgParams, params, 'params');
    return this.invitations.create(principal, orgId, validate(CreateInvitationRequest, body, 'body'));
  }

  @Delete(':invitationId')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<void> {
    const { orgId, invitationId } = validate(InvitationParams, params, 'params');
    await this.invitations.revoke(principal, orgId, invitationId);
  }
}
