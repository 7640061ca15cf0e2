import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@refinery/server-core';
import { AppError } from '@refinery/server-core';
import { CONFIG, LOGGER, MONGO } from '@refinery/server-kit';
import type { MongoConnectionManager } from '@refinery/server-mongo';
import type { IdentityConfig } from '../identity-config.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { UserDoc } from '../accounts/user.schema.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { unauthenticated } from '../shared/api-error.js';
import { randomSecret, sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { SetupTokenRepository } from './setup-token.repository.js';

/**
 * The first start: with AUTH_ADMIN_EMAIL/PASSWORD, creates that admin and the first organization;
 * otherwise logs a setup link (single use, expiring; only its hash is stored) through which the
 * first admin signs up. Runs in the background, so a database outage delays it without blocking
 * the gateway's start.
 */
@Injectable()
export class SetupService implements OnApplicationBootstrap {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(SetupTokenRepository) private readonly tokens: SetupTokenRepository,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(MONGO) private readonly mongo: MongoConnectionManager,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.firstStart().catch((error: unknown) => this.logger.error({ err: String(error) }, 'first-start setup failed'));
  }

  async firstStart(): Promise<void> {
    if (!(await this.mongo.waitConnected())) return;
    if (await this.accounts.anyUser()) return;
    const { AUTH_ADMIN_EMAIL: email, AUTH_ADMIN_PASSWORD: password } = this.config;
    if (email && password) {
      const user = await this.accounts.createLocal(email.toLowerCase(), password, 'Administrator').catch(async (error: unknown) => {
        // Another replica created it first.
        if (error instanceof AppError && error.code === 'CONFLICT') return this.accounts.byEmail(email.toLowerCase());
        throw error;
      });
      if (!user) return;
      await this.orgs.bootstrap(this.config.AUTH_ADMIN_ORG_ID, this.config.AUTH_ADMIN_ORG_NAME, user._id);
      this.logger.info({ email: email.toLowerCase(), orgId: this.config.AUTH_ADMIN_ORG_ID }, 'created the configured admin');
      await this.audit.record({ actor: { userId: user._id, via: 'system' }, action: 'auth.admin_created', orgIds: [this.config.AUTH_ADMIN_ORG_ID] });
      return;
    }
    const token = randomSecret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.AUTH_SETUP_LINK_TTL_S * 1000);
    await this.tokens.insert({ _id: sha256(token), createdAt: now, expiresAt });
    const link = new URL('/setup', this.config.AUTH_PUBLIC_URL);
    link.searchParams.set('token', token);
    // The one place a secret is logged, on purpose: it is how the operator reaches the setup.
    this.logger.warn({ setupLink: link.toString(), expiresAt: expiresAt.toISOString() }, `no account exists yet: open ${link.toString()} to create the first admin`);
  }

  /** Whether the setup link is still needed (no account exists). */
  async required(): Promise<boolean> {
    return !(await this.accounts.anyUser());
  }

  /** Creates the first admin through a setup link; the link works once and until it expires. */
  async complete(input: { token: string; email: string; password: string; displayName?: string }): Promise<UserDoc> {
    const hash = sha256(input.token);
    const doc = await this.tokens.findById(hash);
    if (!doc) throw unauthenticated('unknown setup link');
    if (doc.expiresAt.getTime() <= this.clock.now().getTime()) throw unauthenticated('the setup link has expired; restart the gateway for a new one');
    if (!(await this.tokens.claim(hash, this.clock.now()))) throw unauthenticated('the setup link was used already');
    if (!(await this.required())) throw new AppError('CONFLICT', 'setup is done already: an account exists');
    const user = await this.accounts.createLocal(input.email, input.password, input.displayName ?? 'Administrator');
    await this.orgs.bootstrap(this.config.AUTH_ADMIN_ORG_ID, this.config.AUTH_ADMIN_ORG_NAME, user._id);
    await this.audit.record({ actor: { userId: user._id, via: 'system' }, action: 'auth.setup', orgIds: [this.config.AUTH_ADMIN_ORG_ID], details: { email: input.email } });
    return user;
  }
}
