import { randomBytes } from 'node:crypto';
import { readTestInfra } from './infra-file.js';

/**
 * Environment for a service under test: the shared infrastructure, a database prefix of its own
 * (so each test starts from empty databases), an ephemeral HTTP port and quiet logs.
 */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const infra = readTestInfra();
  const id = randomBytes(5).toString('hex');
  return {
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB_PREFIX: `t${id}`,
    // Parallel test files share NATS and Redis: a namespace keeps their messages and jobs apart.
    REFINERY_NAMESPACE: `t${id}`,
    HTTP_PORT: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    ...overrides,
  };
}
