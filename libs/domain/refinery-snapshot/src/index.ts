export {
  parseRefinerySnapshot,
  normalizeRefinerySnapshot,
  extractSnapshotJson,
  RefinerySnapshotError,
  formatPath,
} from './parse.js';
export type { SnapshotIssue } from './parse.js';
export { spanToCharRange, resolveSpans, spanAlignmentReport } from './spans.js';
export type { CharRange, ResolvedSpan, SpanAlignmentReport } from './spans.js';
export { rawSnapshotSchema } from './raw-schema.js';
export type { RawSnapshot } from './raw-schema.js';
export type * from './types.js';
