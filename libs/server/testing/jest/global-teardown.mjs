import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Stops this run's infrastructure; its logs stay (the next run removes the directory). */
export default async function globalTeardown() {
  const infra = globalThis.__REFINERY_INFRA__;
  await infra?.stop();
  if (infra) rmSync(join(process.cwd(), '.test-infra', `run-${process.pid}`, 'infra.json'), { force: true });
}
