export * from './project-policy.js';
export * from './api-errors.js';
export * from './identity-api.js';
