export * from './config.js';
export * from './context.js';
export * from './logger.js';
export * from './errors.js';
export * from './backoff.js';
export * from './health.js';
export * from './line-errors.js';
