import { Inject, Injectable } from '@nestjs/common';
import type { PasswordResetDetails, PasswordResetLinkResponse } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { Principal } from '../auth/principal.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { SessionService } from '../sessions/session.service.js';
import { forbidden } from '../shared/api-error.js';
import { LinkClaimRepository } from '../shared/link-claim.repository.js';
import { linkState, linkStateError, linkUrl, newLinkSecret } from '../shared/one-time-link.js';
import { sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import type { PasswordResetDoc } from './password-reset.schema.js';
import { resetRefusal } from './reset-policy.js';

const RENEW = 'ask an admin of your organization for a new one';

/**
 * Password reset links issued by organization admins for members with a local account (see
 * `resetRefusal` for whom). Nothing is e-mailed: the admin hands the link over. The link's secret
 * is answered once and stored as SHA-256; it works once, until AUTH_PASSWORD_RESET_TTL_S. Using
 * it sets the password, ends all the user's sessions and clears the e-mail's lockout. The rule is
 * checked again when the link is used (the user must still be in the issuer's organization).
 */
@Injectable()
export class PasswordResetsService {
  constructor(
    @Inject(PasswordResetRepository) private readonly resets: PasswordResetRepository,
    @Inject(LinkClaimRepository) private readonly claims: LinkClaimRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(OrgMemberRepository) private readonly orgMembers: OrgMemberRepository,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async issue(principal: Principal, orgId: string, userId: string): Promise<PasswordResetLinkResponse> {
    await this.orgs.requireAdmin(principal, orgId);
    // A reset link takes over an account: like a password change, it needs a person in a browser session.
    if (principal.via !== 'session') throw forbidden('password reset links are issued in a browser session, not with an API token');
    if (!(await this.orgMembers.find(orgId, userId))) throw new AppError('NOT_FOUND', `user ${userId} is not a member of organization ${orgId}`);
    const [targetOrgs, callerOrgs] = await Promise.all([this.orgMembers.ofUser(userId), this.orgMembers.ofUser(principal.userId)]);
    const refusal = resetRefusal({
      callerId: principal.userId,
      targetId: userId,
      targetOrgIds: targetOrgs.map((m) => m.orgId),
      callerAdminOrgIds: callerOrgs.filter((m) => m.role === 'admin').map((m) => m.orgId),
    });
    if (refusal) throw forbidden(refusal);
    const credential = await this.accounts.localCredential(userId);
    if (!credential) throw new AppError('CONFLICT', `user ${userId} has no password to reset: they sign in through the identity provider (OIDC)`);
    const { token, hash } = newLinkSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.AUTH_PASSWORD_RESET_TTL_S * 1000);
    await this.resets.insert({ _id: hash, userId, email: credential._id, orgId, createdBy: principal.userId, createdAt: now, expiresAt });
    await this.audit.record({
      actor: { userId: principal.userId, via: principal.via },
      action: 'auth.password_reset_issued',
      orgIds: targetOrgs.map((m) => m.orgId),
      target: { type: 'user', id: userId },
      details: { expiresAt: expiresAt.toISOString() },
    });
    return { userId, email: credential._id, link: linkUrl(this.config.AUTH_PUBLIC_URL, '/password-reset', token), token, expiresAt: expiresAt.toISOString() };
  }

  /** For the reset page: whose password the link sets. */
  async details(token: string): Promise<PasswordResetDetails> {
    const doc = await this.pending(token);
    return { email: doc.email, expiresAt: doc.expiresAt.toISOString() };
  }

  async redeem(token: string, newPassword: string): Promise<void> {
    const doc = await this.pending(token);
    const credential = await this.accounts.localCredential(doc.userId);
    if (!credential || credential._id !== doc.email) throw new AppError('CONFLICT', 'the account of this link has no password any more; nothing to reset');
    if (!(await this.claims.claim('password-reset', doc._id, 'used', doc.userId, this.clock.now()))) throw this.closed(doc);
    try {
      await this.accounts.setPassword(credential, newPassword);
    } catch (error) {
      await this.claims.release('password-reset', doc._id);
      throw error;
    }
    const sessionsEnded = await this.sessions.endAllOf(doc.userId);
    await this.resets.deleteOfUser(doc.userId, doc._id);
    await this.audit.record({
      actor: { userId: doc.userId, via: 'system' },
      action: 'auth.password_reset',
      orgIds: (await this.orgMembers.ofUser(doc.userId)).map((m) => m.orgId),
      target: { type: 'user', id: doc.userId },
      details: { issuedBy: doc.createdBy, sessionsEnded },
    });
  }

  /** The link of `token` while it can be used; NOT_FOUND or a 409 saying why not. */
  private async pending(token: string): Promise<PasswordResetDoc> {
    const doc = await this.resets.findById(sha256(token));
    if (!doc) throw new AppError('NOT_FOUND', 'unknown password reset link (check that it was copied completely)');
    const error = linkStateError('password reset link', linkState(doc.expiresAt, await this.claims.outcome('password-reset', doc._id), this.clock.now()), doc.expiresAt, RENEW);
    if (error) throw error;
    // The rule of `issue` holds when the link is used too: since it was issued, the user may have
    // left the organization or joined another, or the issuer may have lost their admin role.
    const [targetOrgs, issuerOrgs] = await Promise.all([this.orgMembers.ofUser(doc.userId), this.orgMembers.ofUser(doc.createdBy)]);
    const refusal = resetRefusal({
      callerId: doc.createdBy,
      targetId: doc.userId,
      targetOrgIds: targetOrgs.map((m) => m.orgId),
      callerAdminOrgIds: issuerOrgs.filter((m) => m.role === 'admin').map((m) => m.orgId),
    });
    if (refusal || !targetOrgs.some((m) => m.orgId === doc.orgId)) {
      throw new AppError('CONFLICT', `this password reset link no longer applies: the organizations of the user or the admin who issued it changed; ${RENEW}`, {
        reason: 'not-allowed',
      });
    }
    return doc;
  }

  /** The error for a link someone else used a moment ago. */
  private closed(doc: PasswordResetDoc): AppError {
    return linkStateError('password reset link', 'used', doc.expiresAt, RENEW) ?? new AppError('CONFLICT', 'this password reset link was used already');
  }
}
