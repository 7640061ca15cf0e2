import { Inject, Injectable } from '@nestjs/common';
import type { ChangePasswordRequest } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { Principal } from '../auth/principal.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { SessionService } from '../sessions/session.service.js';
import { forbidden } from '../shared/api-error.js';
import { PasswordResetRepository } from './password-reset.repository.js';

/**
 * "Change my password" for signed-in local accounts. Only in a browser session (an API token is
 * not proof of knowing the password), only with the current password, which is checked under the
 * e-mail's login lockout. Afterwards every other session of the user ends and outstanding reset
 * links die; the caller's session goes on. API tokens stay valid (they are revoked separately).
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(PasswordResetRepository) private readonly resets: PasswordResetRepository,
    @Inject(OrgMemberRepository) private readonly orgMembers: OrgMemberRepository,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
  ) {}

  async change(principal: Principal, input: ChangePasswordRequest): Promise<void> {
    if (principal.via !== 'session' || !principal.sessionHash) {
      throw forbidden('API tokens cannot change passwords: sign in with your password and change it in that browser session');
    }
    const credential = await this.accounts.localCredential(principal.userId);
    if (!credential) {
      throw new AppError('CONFLICT', 'your account has no password: you sign in through the identity provider (OIDC); change your password there');
    }
    const orgIds = (await this.orgMembers.ofUser(principal.userId)).map((m) => m.orgId);
    const actor = { userId: principal.userId, via: 'session' as const };
    const check = await this.accounts.verifyPassword(credential, input.currentPassword, () =>
      forbidden('body.currentPassword: not your current password', { field: 'currentPassword' }),
    );
    if (!check.ok) {
      await this.audit.record({ actor, action: check.locked ? 'auth.password_change_locked' : 'auth.password_change_failed', orgIds, target: { type: 'user', id: principal.userId } });
      throw check.error;
    }
    await this.accounts.setPassword(credential, input.newPassword);
    const sessionsEnded = await this.sessions.endAllOf(principal.userId, principal.sessionHash);
    await this.resets.deleteOfUser(principal.userId);
    await this.audit.record({ actor, action: 'auth.password_changed', orgIds, target: { type: 'user', id: principal.userId }, details: { sessionsEnded } });
  }
}
