// Contracts of the weak-supervision service: label models, heuristic statistics, runs.
export * from './label-models.js';
export * from './statistics.js';
export * from './runs.js';
