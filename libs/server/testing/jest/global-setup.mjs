// Jest loads global setup outside its module mapper, so this file is plain ESM using the built
// @refinery/server-infra (scripts/test.sh builds before the integration tier).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startInfra } from '@refinery/server-infra';

/**
 * Starts real NATS (JetStream), Redis and FerretDB on free ports once per jest run. Logs stay in
 * .test-infra/last-run/logs for diagnosis (CI prints them when a tier fails).
 */
export default async function globalSetup() {
  const base = join(process.cwd(), '.test-infra');
  const dataDir = join(base, 'last-run');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const t0 = Date.now();
  const infra = await startInfra({ dataDir });
  globalThis.__REFINERY_INFRA__ = infra;
  writeFileSync(
    join(base, 'current.json'),
    JSON.stringify({ natsUrl: infra.natsUrl, redisUrl: infra.redisUrl, mongoUrl: infra.mongoUrl, dataDir }),
  );
  process.stderr.write(
    `\nintegration infra up in ${Date.now() - t0} ms: ${infra.natsUrl} ${infra.redisUrl} ${infra.mongoUrl}\n`,
  );
}
