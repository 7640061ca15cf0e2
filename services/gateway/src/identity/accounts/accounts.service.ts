import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { UserView } from '@refinery/contracts';
import { CONFIG } from '@refinery/server-kit';
import { AppError } from '@refinery/server-core';
import { ApiError, unauthenticated } from '../shared/api-error.js';
import { IDENTITY_CLOCK, type Clock } from '../shared/tokens.js';
import type { IdentityConfig } from '../identity-config.js';
import { CredentialRepository } from './credential.repository.js';
import type { CredentialDoc } from './credential.schema.js';
import { LoginFailureRepository } from './login-failure.repository.js';
import { lockedUntil } from './lockout-policy.js';
import { PasswordHasher } from './password-hasher.js';
import { UserRepository } from './user.repository.js';
import type { UserDoc } from './user.schema.js';

/** `userId` of a failure: the account of the e-mail, when there is one (for its audit log). */
export type LoginOutcome = { ok: true; user: UserDoc } | { ok: false; error: ApiError; locked: boolean; userId: string | null };
/** A password check under the lockout: `locked` when the answer is 429 ACCOUNT_LOCKED. */
export type CheckOutcome = { ok: true } | { ok: false; error: ApiError; locked: boolean };
type Checked<T> = { ok: true; value: T } | { ok: false; error: ApiError; locked: boolean };

/** Local accounts: creation, password login and checks with lockout, new passwords, the users' public view. */
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
    // The credential tried, for the failure's audit entry (the account the e-mail belongs to).
    const tried: { credential: CredentialDoc | null } = { credential: null };
    const outcome = await this.underLockout(
      email,
      async () => {
        const credential = (tried.credential = await this.credentials.findByEmail(email));
        const valid = credential ? await this.hasher.verify(password, credential.passwordHash) : await this.hasher.burn(password).then(() => false);
        return credential && valid ? this.users.findById(credential.userId) : null;
      },
      () => unauthenticated('wrong e-mail or password'),
    );
    if (!outcome.ok) return { ...outcome, userId: tried.credential?.userId ?? null };
    await this.users.touchLogin(outcome.value._id, this.clock.now());
    return { ok: true, user: outcome.value };
  }

  /** The user's local credential, or null for OIDC-only users. */
  localCredential(userId: string): Promise<CredentialDoc | null> {
    return this.credentials.findByUserId(userId);
  }

  /**
   * Checks the password of a known credential (changing the password) under the same lockout as
   * logins of its e-mail: a wrong one counts as a failed login, a locked e-mail answers 429.
   */
  async verifyPassword(credential: CredentialDoc, password: string, wrong: () => ApiError): Promise<CheckOutcome> {
    const outcome = await this.underLockout(credential._id, async () => ((await this.hasher.verify(password, credential.passwordHash)) ? true : null), wrong);
    return outcome.ok ? { ok: true } : outcome;
  }

  /**
   * Sets a new password and forgives the e-mail's failed logins (a reset also ends a lockout).
   * NOT_FOUND when the credential disappeared meanwhile.
   */
  async setPassword(credential: CredentialDoc, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    if (!(await this.credentials.setHash(credential._id, credential.userId, hash, this.clock.now()))) {
      throw new AppError('NOT_FOUND', `the account ${credential._id} has no password any more`);
    }
    await this.failures.clear(credential._id);
  }

  /**
   * Runs a password check unless `key` is locked; a check that finds nothing (null) is a failure
   * and counts towards the lock, a success forgives earlier failures.
   */
  private async underLockout<T>(key: string, check: () => Promise<T | null>, wrong: () => ApiError): Promise<Checked<T>> {
    const now = this.clock.now();
    const windowMs = this.config.AUTH_LOCKOUT_WINDOW_S * 1000;
    const recent = await this.failures.since(key, new Date(now.getTime() - windowMs));
    const until = lockedUntil(recent, now, this.config.AUTH_LOCKOUT_THRESHOLD, windowMs);
    if (until) return { ok: false, locked: true, error: lockedError(until, now) };
    const value = await check();
    if (value !== null) {
      if (recent.length > 0) await this.failures.clear(key);
      return { ok: true, value };
    }
    await this.failures.add(key, now);
    const nowLocked = lockedUntil([...recent, now], now, this.config.AUTH_LOCKOUT_THRESHOLD, windowMs);
    return nowLocked ? { ok: false, locked: true, error: lockedError(nowLocked, now) } : { ok: false, locked: false, error: wrong() };
  }

  get(userId: string): Promise<UserDoc | null> {
    return this.users.findById(userId);
  }

  async byEmail(email: string): Promise<UserDoc | null> {
    const credential = await this.credentials.findByEmail(email);
    return credential ? this.users.findById(credential.userId) : null;
  }

  /** Every user with this e-mail: the local account's and OIDC users' (whose e-mail may be unverified). */
  allWithEmail(email: string): Promise<UserDoc[]> {
    return this.users.findByEmail(email);
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
