export * from './project-policy.js';
export * from './api-errors.js';
export * from './identity-api.js';
export * from './passwords-api.js';
export * from './invitations-api.js';
