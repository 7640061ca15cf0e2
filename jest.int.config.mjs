import { preset } from './jest.preset.mjs';

// Integration tests share one set of real NATS, Redis and FerretDB processes per run.
export default preset({
  displayName: 'integration',
  testMatch: ['**/src/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/server/testing/jest/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/server/testing/jest/global-teardown.mjs',
  testTimeout: 60_000,
  maxWorkers: 2,
});
