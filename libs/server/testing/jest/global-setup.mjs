// Jest loads global setup outside its module mapper, so this file is plain ESM using the built
// @refinery/server-infra (scripts/test.sh builds before the integration tier).
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startInfra } from '@refinery/server-infra';

/** A run directory whose jest process is gone is left over from an earlier run. */
function removeStaleRuns(base) {
  for (const name of readdirSync(base)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(base, name), { recursive: true, force: true });
    }
  }
}

/**
 * Starts real NATS (JetStream), Redis and FerretDB on free ports once per jest run, in a
 * directory of its own (`.test-infra/run-<pid>`), so concurrent runs on one machine never share
 * or delete each other's infrastructure. Workers find it through REFINERY_TEST_INFRA_FILE. Logs
 * stay in .test-infra/last-run/logs (a link to the newest run) for diagnosis.
 */
export default async function globalSetup() {
  const base = join(process.cwd(), '.test-infra');
  mkdirSync(base, { recursive: true });
  removeStaleRuns(base);
  const dataDir = join(base, `run-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const t0 = Date.now();
  const infra = await startInfra({ dataDir });
  globalThis.__REFINERY_INFRA__ = infra;
  const file = join(dataDir, 'infra.json');
  writeFileSync(file, JSON.stringify({ natsUrl: infra.natsUrl, redisUrl: infra.redisUrl, mongoUrl: infra.mongoUrl, dataDir }));
  process.env.REFINERY_TEST_INFRA_FILE = file;
  const last = join(base, 'last-run');
  rmSync(last, { recursive: true, force: true });
  symlinkSync(`run-${process.pid}`, last);
  process.stderr.write(
    `\nintegration infra up in ${Date.now() - t0} ms: ${infra.natsUrl} ${infra.redisUrl} ${infra.mongoUrl}\n`,
  );
}
