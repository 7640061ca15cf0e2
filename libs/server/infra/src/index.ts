export * from './ports.js';
export * from './managed-process.js';
export * from './infra.js';
