import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestInfra {
  natsUrl: string;
  redisUrl: string;
  mongoUrl: string;
  dataDir: string;
}

/** Where the global setup records the running infrastructure for the test workers. */
export function infraFile(root = process.cwd()): string {
  return join(root, '.test-infra', 'current.json');
}

export function readTestInfra(): TestInfra {
  try {
    return JSON.parse(readFileSync(infraFile(), 'utf8')) as TestInfra;
  } catch {
    throw new Error(
      'integration infrastructure is not running: run integration tests with jest.int.config.mjs',
    );
  }
}
