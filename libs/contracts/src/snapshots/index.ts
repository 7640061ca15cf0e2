export * from './snapshot-import.js';
export * from './refinery-import.js';
