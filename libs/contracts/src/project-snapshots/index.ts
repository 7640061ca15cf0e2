export * from './sha256.js';
export * from './snapshot-ids.js';
export * from './part-protocol.js';
export * from './project-snapshots.js';
