import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ChangePasswordRequest, ResetPasswordRequest, type PasswordResetDetails, type PasswordResetLinkResponse } from '@refinery/contracts';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { requireSameOrigin } from '../auth/origin-check.js';
import type { Principal } from '../auth/principal.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { EmptyBody, LinkTokenParams, OrgMemberParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { PasswordChangeService } from './password-change.service.js';
import { PasswordResetsService } from './password-resets.service.js';

/** Changing one's own password, and admins' one-time reset links with the public route that uses them. */
@Controller('api/v1')
@UseFilters(ApiExceptionFilter)
export class PasswordsHttpController {
  constructor(
    @Inject(PasswordChangeService) private readonly change: PasswordChangeService,
    @Inject(PasswordResetsService) private readonly resets: PasswordResetsService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
  ) {}

  @Post('auth/password')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<void> {
    await this.change.change(principal, validate(ChangePasswordRequest, body, 'body'));
  }

  @Post('organizations/:orgId/members/:userId/password-reset')
  @HttpCode(201)
  @UseGuards(AuthGuard)
  issueReset(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<PasswordResetLinkResponse> {
    const { orgId, userId } = validate(OrgMemberParams, params, 'params');
    validate(EmptyBody, body, 'body');
    return this.resets.issue(principal, orgId, userId);
  }

  @Get('auth/password-reset/:token')
  resetDetails(@Param() params: unknown): Promise<PasswordResetDetails> {
    return this.resets.details(validate(LinkTokenParams, params, 'params').token);
  }

  /** Public: the link's secret is the credential. Same-origin only, like login. */
  @Post('auth/password-reset/:token')
  @HttpCode(204)
  async resetPassword(@Req() req: Request, @Param() params: unknown, @Body() body: unknown): Promise<void> {
    requireSameOrigin(req, this.config.AUTH_PUBLIC_URL);
    const { token } = validate(LinkTokenParams, params, 'params');
    await this.resets.redeem(token, validate(ResetPasswordRequest, body, 'body').newPassword);
  }
}
