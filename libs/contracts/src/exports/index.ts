export * from './record-exports.js';
export * from './export-source.js';
