import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AcceptInvitationRequest, type AcceptInvitationResponse, type InvitationDetails } from '@refinery/contracts';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { toUserView } from '../accounts/accounts.service.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { requireSameOrigin } from '../auth/origin-check.js';
import { SessionService } from '../sessions/session.service.js';
import { forbidden } from '../shared/api-error.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { LinkTokenParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { InvitationsService } from './invitations.service.js';

/**
 * The invitee's side, public (the link's secret is the credential): what the invitation is, and
 * accepting it. A new account is signed in at once (session cookies, like login).
 */
@Controller('api/v1/auth/invitations')
@UseFilters(ApiExceptionFilter)
export class InvitationAcceptanceHttpController {
  constructor(
    @Inject(InvitationsService) private readonly invitations: InvitationsService,
    @Inject(AuthGuard) private readonly guard: AuthGuard,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
  ) {}

  @Get(':token')
  details(@Param() params: unknown): Promise<InvitationDetails> {
    return this.invitations.details(validate(LinkTokenParams, params, 'params').token);
  }

  @Post(':token')
  @HttpCode(201)
  async accept(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Param() params: unknown, @Body() body: unknown): Promise<AcceptInvitationResponse> {
    if (req.header('authorization') !== undefined) {
      throw forbidden('invitations are accepted in a browser, signed out or in a session of the invited account, not with an API token');
    }
    requireSameOrigin(req, this.config.AUTH_PUBLIC_URL);
    const session = await this.guard.optionalSession(req);
    const { token } = validate(LinkTokenParams, params, 'params');
    const accepted = await this.invitations.accept(token, validate(AcceptInvitationRequest, body, 'body'), session);
    const csrfToken = accepted.accountCreated ? await this.sessions.start(res, accepted.user._id, 'invitation') : null;
    return { user: toUserView(accepted.user), organization: accepted.organization, csrfToken };
  }
}
