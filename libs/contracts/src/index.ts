export * from './envelope.js';
export * from './message.js';
export * from './services.js';
export * from './health.js';
export * from './records/index.js';
export * from './snapshots/index.js';
export * from './heuristics/index.js';
export * from './weak-supervision/index.js';
