import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { UserView } from '@refinery/contracts';
import { CONFIG } from '@refinery/server-kit';
import { ApiError, unauthenticated } from '../shared/api-error.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import type { IdentityConfig } from '../identity-config.js';
import { CredentialRepository } from './credential.repository.js';
import { LoginFailureRepository } from './login-failure.repository.js';
import { lockedUntil } from './lockout-policy.js';
import { PasswordHasher } from './password-hasher.js';
import { UserRepository } from './user.repository.js';
import type { UserDoc } from './user.schema.js';

/** `userId` of a failure: the account of the e-mail, when there is one (for its audit log). */
export type LoginOutcome = { ok: true; user: UserDoc } | { ok: false; error: ApiError; locked: boolean; userId: string | null };

/** Local accounts: creation, password login with lockout, and the users' public view. */
@Injectable()
export class AccountsService {
  private readonly hasher: PasswordHasher;

  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(CredentialRepository) private readonly credentials: CredentialRepository,
    @Inject(LoginFailureRepository) private readonly failures: LoginFailureRepository,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(IDENTITY_CLOCK) private readonly clock: Clock,
  ) {
    this.hasher = new PasswordHasher(config.AUTH_SCRYPT_COST);
  }

  /** CONFLICT when the e-mail has an account; the credential is written first, so it is the lock. */
  async createLocal(email: string, password: string, displayName?: string): Promise<UserDoc> {
    const userId = randomUUID();
    await this.credentials.insert({ _id: email, userId, passwordHash: await this.hasher.hash(password), updatedAt: this.clock.now() });
    return this.users.insert({ _id: userId, email, displayName: displayName ?? email, createdAt: this.clock.now(), lastLoginAt: null });
  }

  /** A user without a password (OIDC). */
  createExternal(email: string | null, displayName: string): Promise<UserDoc> {
    return this.users.insert({ _id: randomUUID(), email, displayName, createdAt: this.clock.now(), lastLoginAt: null });
  }

  /**
   * Checks e-mail and password. Unknown e-mails cost the same time and count towards the lockout
   * like wrong passwords, so neither timing nor lockout tells which e-mails have accounts.
   */
  async login(email: string, password: string): Promise<LoginOutcome> {
    const now = this.clock.now();
    const windowMs = this.config.AUTH_LOCKOUT_WINDOW_S * 1000;
    const recent = await this.failures.since(email, new Date(now.getTime() - windowMs));
    const until = lockedUntil(recent, now, this.config.AUTH_LOCKOUT_THRESHOLD, windowMs);
    if (until) return { ok: false, locked: true, error: lockedError(until, now), userId: null };
    const credential = await this.credentials.findByEmail(email);
    const valid = credential ? await this.hasher.verify(password, credential.passwordHash) : await this.hasher.burn(password).then(() => false);
    const user = credential && valid ? await this.users.findById(credential.userId) : null;
    if (!user) {
      await this.failures.add(email, now);
      const nowLocked = lockedUntil([...recent, now], now, this.config.AUTH_LOCKOUT_THRESHOLD, windowMs);
      return nowLocked
        ? { ok: false, locked: true, error: lockedError(nowLocked, now), userId: credential?.userId ?? null }
        : { ok: false, locked: false, error: unauthenticated('wrong e-mail or password'), userId: credential?.userId ?? null };
    }
    if (recent.length > 0) await this.failures.clear(email);
    await this.users.touchLogin(user._id, now);
    return { ok: true, user };
  }

  get(userId: string): Promise<UserDoc | null> {
    return this.users.findById(userId);
  }

  async byEmail(email: string): Promise<UserDoc | null> {
    const credential = await this.credentials.findByEmail(email);
    return credential ? this.users.findById(credential.userId) : null;
  }

  many(ids: readonly string[]): Promise<UserDoc[]> {
    return this.users.findMany(ids);
  }

  anyUser(): Promise<boolean> {
    return this.users.any();
  }

  touchLogin(userId: string): Promise<void> {
    return this.users.touchLogin(userId, this.clock.now());
  }
}

function lockedError(until: Date, now: Date): ApiError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ApiError(
    429,
    'ACCOUNT_LOCKED',
    `too many failed logins for this e-mail; try again in ${seconds} s`,
    { retryAfterSeconds: seconds },
    { 'Retry-After': String(seconds) },
  );
}

export function toUserView(user: UserDoc): UserView {
  return { id: user._id, email: user.email, displayName: user.displayName, createdAt: user.createdAt.toISOString() };
}
