export * from './infra-file.js';
export * from './test-env.js';
export * from './eventually.js';
export * from './test-bus.js';
export * from './service-wiring.js';
export * from './service-harness.js';
