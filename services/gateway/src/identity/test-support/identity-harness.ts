import mongoose from 'mongoose';
import { testEnv } from '@refinery/server-testing';
import { startGateway, type GatewayUnderTest } from './gateway-under-test.js';
import { orgAudit, signInConfiguredAdmin, type SignedIn } from './identity-fixtures.js';

export const HARNESS_ADMIN = { email: 'admin@example.com', password: 'the admin password' };

/** The real gateway with a configured admin of `local`, its database, and the secrets a test used. */
export interface IdentityHarness {
  gateway: GatewayUnderTest;
  db: mongoose.Connection;
  /** The configured admin in a browser session. */
  admin: SignedIn;
  /** Passwords and link secrets the tests handled: none may reach the logs or the audit log. */
  secrets: string[];
  close(): Promise<void>;
}

/** Starts the gateway (debug logs kept for the secrets check) with `overrides` on the test environment. */
export async function startIdentityHarness(overrides: Record<string, string>): Promise<IdentityHarness> {
  const env = testEnv({ LOG_LEVEL: 'debug', AUTH_SCRYPT_COST: '1024', HTTP_BODY_LIMIT: '4kb', ...overrides });
  const gateway = await startGateway({ ...env, AUTH_ADMIN_EMAIL: HARNESS_ADMIN.email, AUTH_ADMIN_PASSWORD: HARNESS_ADMIN.password });
  const db = await mongoose.createConnection(env['MONGO_URL'] ?? '', { dbName: `${env['MONGO_DB_PREFIX']}_gateway` }).asPromise();
  const admin = await signInConfiguredAdmin(gateway.base, HARNESS_ADMIN.email, HARNESS_ADMIN.password);
  return {
    gateway,
    db,
    admin,
    secrets: [HARNESS_ADMIN.password],
    close: async () => {
      await db.close();
      await gateway.close();
    },
  };
}

/** Fails when a secret the tests used shows in the gateway's logs or in `local`'s audit log. */
export async function expectNoSecretLeaked(harness: IdentityHarness): Promise<void> {
  const audit = JSON.stringify(await orgAudit(harness.admin, 'local'));
  const logs = harness.gateway.logs.join('\n');
  if (logs.length === 0) throw new Error('no log lines kept: the check would prove nothing');
  const leaked = harness.secrets.filter((secret) => logs.includes(secret) || audit.includes(secret));
  if (leaked.length > 0) throw new Error(`${leaked.length} secret(s) found in the logs or the audit log`);
}
