import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { unauthenticated } from '../shared/api-error.js';
import type { AuthedRequest, Principal } from './principal.js';

/** The principal the AuthGuard resolved (use on guarded routes only). */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw unauthenticated('not signed in');
  return principal;
});
