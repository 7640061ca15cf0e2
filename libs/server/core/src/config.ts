import { z } from 'zod';
import { ServiceRole } from '@refinery/contracts';

/** Thrown at boot when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(0).max(65_535);

/** Settings every service shares; a service extends this with its own keys. */
export const BaseConfigSchema = z.object({
  SERVICE_ROLE: ServiceRole.default('all'),
  HTTP_PORT: port,
  HTTP_HOST: z.string().default('127.0.0.1'),
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .default('mongodb://127.0.0.1:27017'),
  /** Each service uses the database `<prefix>_<service>`. */
  MONGO_DB_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('refinery'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Isolates deployments (or parallel test runs) sharing one NATS and Redis: NATS subjects are
   * prefixed with `<namespace>.` and BullMQ keys with `<namespace>`. Empty = no prefix.
   */
  REFINERY_NAMESPACE: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]*)?$/, 'lower-case letters, digits and dashes')
    .default(''),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Seconds between "still cannot reach X" log lines while a dependency is down. */
  DEPENDENCY_LOG_INTERVAL_S: z.coerce.number().positive().default(30),
});
export type BaseConfig = z.infer<typeof BaseConfigSchema>;

/**
 * Validates the environment once at boot into a typed object. Every problem is listed with its
 * variable name so an operator can fix them all at once.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = process.argv.slice(2),
): z.infer<S> {
  const merged: Record<string, string | undefined> = { ...env };
  const roleFlag = argv.findIndex((a) => a === '--role' || a.startsWith('--role='));
  if (roleFlag >= 0) {
    const arg = argv[roleFlag] ?? '';
    merged['SERVICE_ROLE'] = arg.includes('=') ? arg.split('=')[1] : argv[roleFlag + 1];
  }
  const result = schema.safeParse(merged);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return result.data;
}

export function runsApi(role: ServiceRole): boolean {
  return role === 'api' || role === 'all';
}

export function runsWorker(role: ServiceRole): boolean {
  return role === 'worker' || role === 'all';
}

/** The base schema with the service's default HTTP port. */
export function configWithPort(defaultPort: number) {
  return BaseConfigSchema.extend({ HTTP_PORT: port.default(defaultPort) });
}
