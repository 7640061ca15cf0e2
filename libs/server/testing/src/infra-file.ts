import { readFileSync } from 'node:fs';

export interface TestInfra {
  natsUrl: string;
  redisUrl: string;
  mongoUrl: string;
  dataDir: string;
}

/** Where this jest run's global setup recorded its infrastructure for the test workers. */
export function infraFile(): string {
  const file = process.env['REFINERY_TEST_INFRA_FILE'];
  if (!file) throw new Error('REFINERY_TEST_INFRA_FILE is not set: run integration tests with jest.int.config.mjs');
  return file;
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
