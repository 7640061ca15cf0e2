import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { LoginRequest, SetupRequest, type LoginResponse, type MeResponse } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AccountsService, toUserView } from '../accounts/accounts.service.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { OidcService } from '../oidc/oidc.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { SessionService } from '../sessions/session.service.js';
import { readCookie } from '../sessions/session-cookies.js';
import { SetupService } from '../setup/setup.service.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { validate } from '../shared/validate.js';
import { AuthGuard } from './auth.guard.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { requireSameOrigin } from './origin-check.js';
import type { Principal } from './principal.js';

const OIDC_STATE_COOKIE = 'refinery_oidc_state';
const OIDC_COOKIE_PATH = '/api/v1/auth/oidc';
const OidcStartQuery = z.object({ returnTo: z.string().max(2_000).optional() }).strict();

/** Sign-in and sign-out: password, first-start setup link, OIDC; `me` for the web app and CLI. */
@Controller('api/v1/auth')
@UseFilters(ApiExceptionFilter)
export class AuthHttpController {
  private readonly secure: boolean;

  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(SetupService) private readonly setup: SetupService,
    @Inject(OidcService) private readonly oidc: OidcService,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
  ) {
    this.secure = new URL(config.AUTH_PUBLIC_URL).protocol === 'https:';
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<LoginResponse> {
    requireSameOrigin(req, this.config.AUTH_PUBLIC_URL);
    const input = validate(LoginRequest, body, 'body');
    const outcome = await this.accounts.login(input.email, input.password);
    if (!outcome.ok) {
      const orgIds = outcome.userId ? (await this.orgs.mine(outcome.userId)).map((o) => o.id) : [];
      await this.audit.record({
        actor: { userId: outcome.userId ?? 'anonymous', via: 'system' },
        action: outcome.locked ? 'auth.login_locked' : 'auth.login_failed',
        orgIds,
        details: { email: input.email, ip: req.ip ?? null },
      });
      throw outcome.error;
    }
    const csrfToken = await this.sessions.start(res, outcome.user._id, 'password');
    await this.audit.record({
      actor: { userId: outcome.user._id, via: 'session' },
      action: 'auth.login',
      orgIds: (await this.orgs.mine(outcome.user._id)).map((o) => o.id),
      details: { method: 'password', ip: req.ip ?? null },
    });
    return { user: toUserView(outcome.user), csrfToken };
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  async logout(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): Promise<void> {
    if (!principal.sessionHash) {
      throw new AppError('VALIDATION_FAILED', 'logout ends a browser session; revoke an API token with DELETE /api/v1/tokens/{id}');
    }
    await this.sessions.end(res, principal.sessionHash);
    await this.audit.record({
      actor: { userId: principal.userId, via: 'session' },
      action: 'auth.logout',
      orgIds: (await this.orgs.mine(principal.userId)).map((o) => o.id),
    });
  }

  @Get('me')
  @UseGuards(AuthGuard)
  async me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    const user = await this.accounts.get(principal.userId);
    if (!user) throw new AppError('NOT_FOUND', `user ${principal.userId} not found`);
    const organizations = principal.token?.projectId ? [] : (await this.orgs.mine(user._id)).map(({ id, name, role }) => ({ id, name, role }));
    return { user: toUserView(user), via: principal.via, organizations };
  }

  @Get('setup')
  async setupState() {
    return { required: await this.setup.required() };
  }

  @Post('setup')
  @HttpCode(201)
  async completeSetup(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<LoginResponse> {
    requireSameOrigin(req, this.config.AUTH_PUBLIC_URL);
    const input = validate(SetupRequest, body, 'body');
    const user = await this.setup.complete(input);
    const csrfToken = await this.sessions.start(res, user._id, 'setup');
    return { user: toUserView(user), csrfToken };
  }

  @Get('oidc/start')
  async oidcStart(@Query() query: unknown, @Res() res: Response): Promise<void> {
    const { returnTo } = validate(OidcStartQuery, query, 'query');
    const { url, state } = await this.oidc.start(returnTo ?? '/');
    res.cookie(OIDC_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: OIDC_COOKIE_PATH, maxAge: 10 * 60_000 });
    res.redirect(302, url.toString());
  }

  @Get('oidc/callback')
  async oidcCallback(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.oidc.enabled) throw new AppError('NOT_FOUND', 'OIDC login is not configured (OIDC_ISSUER_URL, OIDC_CLIENT_ID)');
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    res.clearCookie(OIDC_STATE_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: OIDC_COOKIE_PATH });
    const { user, returnTo } = await this.oidc.finish(query, readCookie(req, OIDC_STATE_COOKIE));
    await this.sessions.start(res, user._id, 'oidc');
    await this.audit.record({
      actor: { userId: user._id, via: 'session' },
      action: 'auth.login',
      orgIds: (await this.orgs.mine(user._id)).map((o) => o.id),
      details: { method: 'oidc', ip: req.ip ?? null },
    });
    res.redirect(303, returnTo);
  }
}
