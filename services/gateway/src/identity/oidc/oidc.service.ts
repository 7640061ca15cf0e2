import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { AppError, type Logger } from '@refinery/server-core';
import { CONFIG, LOGGER } from '@refinery/server-kit';
import type { IdentityConfig } from '../identity-config.js';
import { AccountsService } from '../accounts/accounts.service.js';
import type { UserDoc } from '../accounts/user.schema.js';
import { AuditLogService } from '../audit/audit-log.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ApiError, unauthenticated } from '../shared/api-error.js';
import { sha256 } from '../shared/secrets.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import { oidcIdentityId } from './oidc-identity.schema.js';
import { OidcRepository } from './oidc.repository.js';

/** What identifies and describes the user: from the ID token, completed from userinfo. */
interface OidcClaims {
  iss: string;
  sub: string;
  email: unknown;
  email_verified: unknown;
  name: unknown;
}

/** How long a started login may take at the provider. */
const LOGIN_TTL_MS = 10 * 60_000;

/** Only local paths: `returnTo` must not turn the callback into an open redirect. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 2_000 ? value : '/';
}

/**
 * OIDC login, authorization code flow with PKCE (S256), `state` and `nonce` (openid-client 6).
 * The state is kept hashed in Mongo and in an HTTP-only cookie of the browser that started the
 * login, so a callback from another browser (login CSRF) is refused. Users are found by issuer +
 * subject; a first login links an existing account with the same e-mail only when the provider
 * says the e-mail is verified, and otherwise creates a user.
 */
@Injectable()
export class OidcService {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    @Inject(OidcRepository) private readonly repo: OidcRepository,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(OrganizationsService) private readonly orgs: OrganizationsService,
    @Inject(AuditLogService) private readonly audit: AuditLogService,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER_URL && this.config.OIDC_CLIENT_ID);
  }

  /** The provider's authorization URL and the `state` to keep in the browser's cookie. */
  async start(returnTo: string): Promise<{ url: URL; state: string }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.repo.saveState({
      _id: sha256(state),
      codeVerifier,
      nonce,
      returnTo: safeReturnTo(returnTo),
      expiresAt: new Date(this.clock.now().getTime() + LOGIN_TTL_MS),
    });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUrl().toString(),
      scope: this.config.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state };
  }

  /** Checks the callback against the pending login and returns the signed-in user and where to go. */
  async finish(query: URLSearchParams, cookieState: string | undefined): Promise<{ user: UserDoc; returnTo: string }> {
    const error = query.get('error');
    if (error) {
      const description = query.get('error_description');
      throw new ApiError(401, 'UNAUTHENTICATED', `the identity provider refused the login: ${error}${description ? ` (${description})` : ''}`, {
        error,
        ...(description ? { errorDescription: description } : {}),
      });
    }
    const state = query.get('state');
    if (!state || !query.get('code')) {
      throw new AppError('VALIDATION_FAILED', 'query: the callback needs `code` and `state`', {
        issues: [{ path: ['query', state ? 'code' : 'state'], message: 'required' }],
      });
    }
    if (!cookieState || cookieState !== state) {
      throw unauthenticated('this login was not started in this browser (state cookie missing or different); start the login again');
    }
    const pending = await this.repo.takeState(sha256(state));
    if (!pending || pending.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw unauthenticated('the login request expired or was used already; start the login again');
    }
    const configuration = await this.discover();
    const currentUrl = this.redirectUrl();
    currentUrl.search = query.toString();
    let claims: OidcClaims;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw unauthenticated('OIDC login failed: the provider returned no ID token');
      claims = { iss: idToken.iss, sub: idToken.sub, email: idToken['email'], email_verified: idToken['email_verified'], name: idToken['name'] };
      // Providers that issue an access token may leave profile claims to the userinfo endpoint.
      if (claims.email === undefined && configuration.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...claims, email: info.email, email_verified: info.email_verified, name: info.name };
      }
    } catch (err) {
      if (err instanceof ApiError) throw err;
      const e = err as { message?: string; code?: string; error?: string };
      throw new ApiError(401, 'UNAUTHENTICATED', `OIDC login failed: ${e.message ?? String(err)}`, {
        ...(e.code ? { code: e.code } : {}),
        ...(e.error ? { error: e.error } : {}),
      });
    }
    const user = await this.userFor(claims);
    await this.accounts.touchLogin(user._id);
    return { user, returnTo: pending.returnTo };
  }

  private async userFor(claims: OidcClaims): Promise<UserDoc> {
    const id = oidcIdentityId(claims.iss, claims.sub);
    const linked = await this.repo.findIdentity(id);
    if (linked) {
      const user = await this.accounts.get(linked.userId);
      if (user) return user;
    }
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    const verified = claims.email_verified === true;
    const name = typeof claims.name === 'string' && claims.name ? claims.name : (email ?? claims.sub);
    const existing = email && verified ? await this.accounts.byEmail(email) : null;
    const user = existing ?? (await this.accounts.createExternal(email, name));
    if (!(await this.repo.linkIdentity({ _id: id, issuer: claims.iss, subject: claims.sub, userId: user._id, createdAt: this.clock.now() }))) {
      // A concurrent first login linked it: use that user.
      const winner = await this.repo.findIdentity(id);
      const other = winner ? await this.accounts.get(winner.userId) : null;
      if (other) return other;
    }
    const joined = this.config.OIDC_ORG_ID ? await this.orgs.join(this.config.OIDC_ORG_ID, user._id) : false;
    await this.audit.record({
      actor: { userId: user._id, via: 'system' },
      action: existing ? 'auth.oidc_linked' : 'auth.oidc_provisioned',
      orgIds: joined && this.config.OIDC_ORG_ID ? [this.config.OIDC_ORG_ID] : [],
      target: { type: 'user', id: user._id },
      details: { issuer: claims.iss, subject: claims.sub },
    });
    return user;
  }

  private redirectUrl(): URL {
    return new URL(this.config.OIDC_REDIRECT_URL ?? new URL('/api/v1/auth/oidc/callback', this.config.AUTH_PUBLIC_URL).toString());
  }

  /** The provider's metadata, fetched once; a failure is retried on the next login. */
  private discover(): Promise<client.Configuration> {
    const { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: secret } = this.config;
    if (!issuer || !clientId) throw new AppError('NOT_FOUND', 'OIDC login is not configured (OIDC_ISSUER_URL, OIDC_CLIENT_ID)');
    this.configuration ??= client
      .discovery(new URL(issuer), clientId, secret, secret ? undefined : client.None(), {
        ...(this.config.OIDC_ALLOW_HTTP ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        this.logger.warn({ issuer, err: String(error) }, 'OIDC discovery failed');
        throw new AppError('UNAVAILABLE', `the OIDC provider ${issuer} cannot be reached: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.configuration;
  }
}
