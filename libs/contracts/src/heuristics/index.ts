// Contracts of the heuristics service: labeling functions, lookup lists, runs and previews.
export * from './common.js';
export * from './lookup-lists.js';
export * from './runs.js';
export * from './heuristics.js';
export * from './preview.js';
export * from './snapshot-import.js';
export * from './attribute-calculations.js';
