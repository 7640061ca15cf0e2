export * from './mongo-connection.js';
export * from './tenancy/duplicate-key.js';
export * from './tenancy/project-id.js';
export * from './tenancy/tenant.repository.js';
