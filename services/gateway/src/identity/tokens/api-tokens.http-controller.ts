import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { CreateTokenRequest } from '@refinery/contracts';
import { AuthGuard } from '../auth/auth.guard.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ApiExceptionFilter } from '../shared/api-exception.filter.js';
import { TokenParams } from '../shared/params.js';
import { validate } from '../shared/validate.js';
import { ApiTokensService } from './api-tokens.service.js';

/** The caller's own API tokens; the secret is in the creation response only. */
@Controller('api/v1/tokens')
@UseGuards(AuthGuard)
@UseFilters(ApiExceptionFilter)
export class ApiTokensHttpController {
  constructor(@Inject(ApiTokensService) private readonly tokens: ApiTokensService) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { tokens: await this.tokens.list(principal) };
  }

  @Post()
  @HttpCode(201)
  create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    return this.tokens.create(principal, validate(CreateTokenRequest, body, 'body'));
  }

  @Delete(':tokenId')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<void> {
    await this.tokens.revoke(principal, validate(TokenParams, params, 'params').tokenId);
  }
}
