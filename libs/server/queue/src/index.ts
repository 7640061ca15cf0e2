export * from './job-definition.js';
export * from './queue-manager.js';
