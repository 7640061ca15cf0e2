import { rmSync } from 'node:fs';
import { join } from 'node:path';

export default async function globalTeardown() {
  await globalThis.__REFINERY_INFRA__?.stop();
  rmSync(join(process.cwd(), '.test-infra', 'current.json'), { force: true });
}
