export * from './matrix.js';
export * from './math.js';
export * from './random.js';
export * from './statistics.js';
export * from './multi-label.js';
export * from './extraction.js';
export * from './models/index.js';
