import { Inject, Injectable } from '@nestjs/common';
import type { ApiTokenView, CreateTokenResponse, TokenScope } from '@refinery/contracts';
import { AppError } from '@refinery/server-core';
import { CONFIG } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { projectLimit, type Principal } from '../auth/principal.js';
import { OrgMemberRepository } from '../organizations/org-member.repository.js';
import { ProjectAccessService } from '../projects/project-access.service.js';
import { forbidden, unauthenticated } from '../shared/api-error.js';
import { sameDigest, sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { ApiTokenRepository } from './api-token.repository.js';
import type { ApiTokenDoc } from './api-token.schema.js';
import { generateToken, tokenPrefix } from './token-format.js';

/** `lastUsedAt` is written at most this often per token (not on every request). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Personal API tokens: named, `read` (safe methods only) or `write`, optionally limited to one
 * project, always expiring. The secret is returned once by `create`; the database keeps its
 * SHA-256 and finds it by the prefix.
 */
@Injectable()
export class ApiTokensService {
  constructor(
    @Inject(ApiTokenRepository) private readonly tokens: ApiTokenRepository,
    @Inject(ProjectAccessService) private readonly projects: ProjectAccessService,
    @Inject(OrgMemberRepository) private readonly orgMembers: OrgMemberRepository,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    principal: Principal,
    input: { name: string; scope: TokenScope; projectId?: string; expiresInDays?: number; expiresAt?: string },
  ): Promise<CreateTokenResponse> {
    if (projectLimit(principal) !== null) throw forbidden('a project-scoped API token cannot create tokens');
    const now = this.clock.now();
    const expiresAt = this.expiry(now, input);
    const orgIds = (await this.orgMembers.ofUser(principal.userId)).map((m) => m.orgId);
    if (input.projectId) {
      const access = await this.projects.require(principal, input.projectId, 'tokens.create');
      orgIds.splice(0, orgIds.length, access.orgId);
    }
    const { prefix, token } = generateToken();
    const doc: ApiTokenDoc = {
      _id: prefix,
      userId: principal.userId,
      name: input.name,
      scope: input.scope,
      projectId: input.projectId ?? null,
      secretHash: sha256(token),
      createdAt: now,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.tokens.insert(doc);
    await this.audit.record({
      actor: { userId: principal.userId, via: principal.via },
      action: 'token.created',
      orgIds,
      projectId: doc.projectId,
      target: { type: 'token', id: prefix },
      details: { name: doc.name, scope: doc.scope, expiresAt: doc.expiresAt.toISOString() },
    });
    return { token: toView(doc), secret: token };
  }

  /** In the future and within AUTH_TOKEN_MAX_DAYS. */
  private expiry(now: Date, input: { expiresInDays?: number; expiresAt?: string }): Date {
    const field = input.expiresAt ? 'expiresAt' : 'expiresInDays';
    const at = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + (input.expiresInDays ?? 0) * 86_400_000);
    const max = now.getTime() + this.config.AUTH_TOKEN_MAX_DAYS * 86_400_000;
    const problem = at.getTime() <= now.getTime() ? 'must be in the future' : at.getTime() > max ? `at most ${this.config.AUTH_TOKEN_MAX_DAYS} days ahead` : null;
    if (problem) throw new AppError('VALIDATION_FAILED', `body.${field}: ${problem}`, { issues: [{ path: ['body', field], message: problem }] });
    return at;
  }

  async list(principal: Principal): Promise<ApiTokenView[]> {
    return (await this.tokens.listOfUser(principal.userId)).map(toView);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    if (projectLimit(principal) !== null && principal.token?.id !== id) throw forbidden('a project-scoped API token can revoke only itself');
    const doc = await this.tokens.findByPrefix(id);
    if (!doc || doc.userId !== principal.userId) throw new AppError('NOT_FOUND', `API token ${id} not found`);
    if (doc.revokedAt) throw new AppError('CONFLICT', `API token ${id} is revoked already`);
    await this.tokens.revoke(principal.userId, id, this.clock.now());
    const orgIds = (await this.orgMembers.ofUser(principal.userId)).map((m) => m.orgId);
    await this.audit.record({
      actor: { userId: principal.userId, via: principal.via },
      action: 'token.revoked',
      orgIds,
      projectId: doc.projectId,
      target: { type: 'token', id },
      details: { name: doc.name },
    });
  }

  /** False once the token was revoked or expired (long-lived sockets re-check). */
  async isLive(prefix: string): Promise<boolean> {
    const doc = await this.tokens.findByPrefix(prefix);
    return doc !== null && doc.revokedAt === null && doc.expiresAt.getTime() > this.clock.now().getTime();
  }

  /** The principal of a bearer token; 401 naming why a token is refused. */
  async authenticate(raw: string): Promise<Principal> {
    const prefix = tokenPrefix(raw);
    if (!prefix) throw unauthenticated('malformed API token (expected rfy_<prefix>_<secret>)');
    const doc = await this.tokens.findByPrefix(prefix);
    if (!doc || !sameDigest(sha256(raw), doc.secretHash)) throw unauthenticated('invalid API token');
    if (doc.revokedAt) throw unauthenticated(`API token ${prefix} was revoked`);
    const now = this.clock.now();
    if (doc.expiresAt.getTime() <= now.getTime()) throw unauthenticated(`API token ${prefix} expired at ${doc.expiresAt.toISOString()}`);
    if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > TOUCH_EVERY_MS) await this.tokens.touch(prefix, now);
    return { userId: doc.userId, via: 'token', token: { id: prefix, scope: doc.scope, projectId: doc.projectId } };
  }
}

function toView(doc: ApiTokenDoc): ApiTokenView {
  return {
    id: doc._id,
    name: doc.name,
    scope: doc.scope,
    projectId: doc.projectId,
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
    revokedAt: doc.revokedAt?.toISOString() ?? null,
    lastUsedAt: doc.lastUsedAt?.toISOString() ?? null,
  };
}
