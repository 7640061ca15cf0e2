import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AcceptInvitationRequest, CreateInvitationRequest, CreateInvitationResponse, InvitationDetails, InvitationView, OrgRole } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { UserDoc } from '../accounts/user.schema.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import type { Principal } from '../auth/principal.js';
import { OrganizationRepository } from '../organizations/organization.repository.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { forbidden } from '../shared/api-error.js';
import { LinkClaimRepository } from '../shared/link-claim.repository.js';
import { linkState, linkStateError, linkUrl, newLinkSecret } from '../shared/one-time-link.js';
import { sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { InvitationRepository } from './invitation.repository.js';
import type { InvitationDoc } from './invitation.schema.js';

const RENEW = 'ask an admin of the organization for a new one';

export interface Accepted {
  user: UserDoc;
  organization: { id: string; name: string; role: OrgRole };
  /** True when the acceptance created the account (the caller gets a new session). */
  accountCreated: boolean;
}

interface NewAccount {
  password: string;
  displayName?: string;
}
/** Who joins: the signed-in invitee, or a local account to create. */
type Joiner = { user: UserDoc } | { create: NewAccount };

/**
 * Invitations into an organization: admins create one for an e-mail and a role and hand over the
 * link (shown once; nothing is e-mailed), list the pending ones and revoke them. The holder of the
 * link accepts it once, before it expires (AUTH_INVITATION_TTL_S):
 * - signed out, for an e-mail no user has: with a password, which creates the local account;
 * - signed in (browser session) as a user with the invited e-mail: without one.
 * An e-mail that has a user already (local or OIDC) can only be accepted by that user, so a link
 * never creates a second account for an address. An invitation dies with its author's admin role.
 * Single use holds under concurrent accepts (and an accept racing a revoke): the first LinkClaim
 * insert wins.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(InvitationRepository) private readonly invitations: InvitationRepository,
    @Inject(LinkClaimRepository) private readonly claims: LinkClaimRepository,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(OrganizationRepository) private readonly organizations: OrganizationRepository,
    @Inject(OrgMemberRepository) private readonly members: OrgMemberRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, orgId: string, input: CreateInvitationRequest): Promise<CreateInvitationResponse> {
    await this.orgs.requireAdmin(principal, orgId);
    for (const user of await this.accounts.allWithEmail(input.email)) {
      if (await this.members.find(orgId, user._id)) throw new AppError('CONFLICT', `${input.email} is a member of organization ${orgId} already`);
    }
    const now = this.clock.now();
    const [open] = await this.pendingOf(orgId, now, input.email);
    if (open) throw new AppError('CONFLICT', `${input.email} has a pending invitation (${open._id}); revoke it first to make a new link`, { invitationId: open._id });
    const { token, hash } = newLinkSecret();
    const doc: InvitationDoc = {
      _id: randomUUID(),
      orgId,
      email: input.email,
      role: input.role,
      tokenHash: hash,
      createdBy: principal.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.AUTH_INVITATION_TTL_S * 1000),
    };
    await this.invitations.insert(doc);
    await this.audit.record({
      actor: { userId: principal.userId, via: principal.via },
      action: 'org.invitation_created',
      orgIds: [orgId],
      target: { type: 'invitation', id: doc._id },
      details: { email: doc.email, role: doc.role, expiresAt: doc.expiresAt.toISOString() },
    });
    return { invitation: toView(doc), link: linkUrl(this.config.AUTH_PUBLIC_URL, '/invitation', token), token };
  }

  /** Pending invitations (not accepted, revoked or expired), newest first; admins only. */
  async list(principal: Principal, orgId: string): Promise<InvitationView[]> {
    await this.orgs.requireAdmin(principal, orgId);
    return (await this.pendingOf(orgId, this.clock.now())).map(toView);
  }

  async revoke(principal: Principal, orgId: string, invitationId: string): Promise<void> {
    await this.orgs.requireAdmin(principal, orgId);
    const doc = await this.invitations.findById(invitationId);
    if (!doc || doc.orgId !== orgId) throw new AppError('NOT_FOUND', `invitation ${invitationId} not found in organization ${orgId}`);
    if (!(await this.claims.claim('invitation', doc._id, 'revoked', principal.userId, this.clock.now()))) {
      const outcome = await this.claims.outcome('invitation', doc._id);
      throw new AppError('CONFLICT', `invitation ${invitationId} was ${outcome === 'revoked' ? 'revoked' : 'accepted'} already`);
    }
    await this.audit.record({
      actor: { userId: principal.userId, via: principal.via },
      action: 'org.invitation_revoked',
      orgIds: [orgId],
      target: { type: 'invitation', id: doc._id },
      details: { email: doc.email, role: doc.role },
    });
  }

  /** What the invitation page shows; anyone holding the link may ask. */
  async details(token: string): Promise<InvitationDetails> {
    const doc = await this.pending(token);
    const org = await this.organizations.findById(doc.orgId);
    if (!org) throw new AppError('NOT_FOUND', 'the organization of this invitation no longer exists');
    const accountExists = (await this.accounts.allWithEmail(doc.email)).length > 0;
    return { email: doc.email, organization: { id: org._id, name: org.name }, role: doc.role, expiresAt: doc.expiresAt.toISOString(), accountExists };
  }

  /** Accepts for the signed-in `session` user, or creates the account (see the class comment). */
  async accept(token: string, input: AcceptInvitationRequest, session: Principal | null): Promise<Accepted> {
    const doc = await this.pending(token);
    const org = await this.organizations.findById(doc.orgId);
    if (!org) throw new AppError('NOT_FOUND', 'the organization of this invitation no longer exists');
    const joiner: Joiner = session ? { user: await this.invitee(doc, input, session) } : { create: await this.newAccount(doc, input) };
    const user = 'user' in joiner ? joiner.user : null;
    if (!(await this.claims.claim('invitation', doc._id, 'used', user?._id ?? 'anonymous', this.clock.now()))) {
      throw linkStateError('invitation', linkState(doc.expiresAt, await this.claims.outcome('invitation', doc._id), this.clock.now()), doc.expiresAt, RENEW) ?? gone();
    }
    let member: UserDoc;
    try {
      // The checks above ran before the claim; account and membership inserts still refuse duplicates (CONFLICT).
      member = 'user' in joiner ? joiner.user : await this.accounts.createLocal(doc.email, joiner.create.password, joiner.create.displayName);
      await this.members.insert({ orgId: doc.orgId, userId: member._id, role: doc.role, createdAt: this.clock.now() });
    } catch (error) {
      await this.claims.release('invitation', doc._id);
      throw error;
    }
    await this.audit.record({
      actor: { userId: member._id, via: 'session' },
      action: 'org.invitation_accepted',
      orgIds: [doc.orgId],
      target: { type: 'invitation', id: doc._id },
      details: { email: doc.email, role: doc.role, invitedBy: doc.createdBy, accountCreated: user === null },
    });
    return { user: member, organization: { id: org._id, name: org.name, role: doc.role }, accountCreated: user === null };
  }

  /** The signed-in user, when the invitation is theirs to accept. */
  private async invitee(doc: InvitationDoc, input: AcceptInvitationRequest, session: Principal): Promise<UserDoc> {
    const user = await this.accounts.get(session.userId);
    if (!user) throw new AppError('NOT_FOUND', `user ${session.userId} not found`);
    if (user.email !== doc.email) {
      throw forbidden(`this invitation is for ${doc.email}, but you are signed in as ${user.email ?? 'an account without e-mail'}; sign out to accept it as ${doc.email}`);
    }
    const extra = (['password', 'displayName'] as const).filter((field) => input[field] !== undefined);
    if (extra.length > 0) {
      throw new AppError('VALIDATION_FAILED', `body.${extra.join(', body.')}: not used when you are signed in (your account exists)`, {
        issues: extra.map((field) => ({ path: ['body', field], message: 'not used when signed in' })),
      });
    }
    if (await this.members.find(doc.orgId, user._id)) throw new AppError('CONFLICT', `you are a member of organization ${doc.orgId} already`);
    return user;
  }

  /** Signed out: the e-mail must have no user yet, and the body must carry the new password. */
  private async newAccount(doc: InvitationDoc, input: AcceptInvitationRequest): Promise<NewAccount> {
    if ((await this.accounts.allWithEmail(doc.email)).length > 0) {
      throw new AppError('CONFLICT', `an account with the e-mail ${doc.email} exists: sign in as it, then accept the invitation`, { accountExists: true });
    }
    if (input.password === undefined) {
      throw new AppError('VALIDATION_FAILED', `body.password: required to create the account of ${doc.email}`, {
        issues: [{ path: ['body', 'password'], message: 'required' }],
      });
    }
    return { password: input.password, displayName: input.displayName };
  }

  /** The invitation of `token` while it can be accepted; NOT_FOUND or a 409 saying why not. */
  private async pending(token: string): Promise<InvitationDoc> {
    const doc = await this.invitations.findByTokenHash(sha256(token));
    if (!doc) throw new AppError('NOT_FOUND', 'unknown invitation link (check that it was copied completely)');
    const state = linkState(doc.expiresAt, await this.claims.outcome('invitation', doc._id), this.clock.now());
    const error = linkStateError('invitation', state, doc.expiresAt, RENEW);
    if (error) throw error;
    // An admin who left (or was demoted) takes their pending invitations along.
    if ((await this.members.find(doc.orgId, doc.createdBy))?.role !== 'admin') {
      throw new AppError('CONFLICT', `the admin who made this invitation is no longer an admin of the organization; ${RENEW}`, { reason: 'not-allowed' });
    }
    return doc;
  }

  /** The organization's invitations that can still be accepted (see `pending`). */
  private async pendingOf(orgId: string, now: Date, email?: string): Promise<InvitationDoc[]> {
    const docs = await this.invitations.unexpiredOfOrg(orgId, now, email);
    const [ended, members] = await Promise.all([this.claims.ended('invitation', docs.map((d) => d._id)), this.members.ofOrg(orgId)]);
    const admins = new Set(members.filter((m) => m.role === 'admin').map((m) => m.userId));
    return docs.filter((d) => !ended.has(d._id) && admins.has(d.createdBy));
  }
}

function gone(): AppError {
  return new AppError('CONFLICT', 'this invitation was used already', { reason: 'used' });
}

function toView(doc: InvitationDoc): InvitationView {
  return {
    id: doc._id,
    orgId: doc.orgId,
    email: doc.email,
    role: doc.role,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
  };
}
