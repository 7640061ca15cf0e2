export { inferSchema } from './infer-schema.js';
export { parseRows } from './parse-rows.js';
export { IngestError, type IngestProblem, type IngestProblemCode } from './ingest-problem.js';
export {
  type CellValue,
  type ColumnSchema,
  DATA_TYPES,
  type DataType,
  defaultIngestLimits,
  type IngestLimits,
  type IngestOptions,
  type IngestSchema,
  type LabelColumn,
  type ParsedRow,
  type RowBatch,
  type RowLabel,
  type UploadFormat,
} from './ingest-types.js';
export {
  CATEGORY_MAX_CHARS,
  CATEGORY_MAX_DISTINCT,
  CATEGORY_MIN_VALUES,
} from './schema/column-stats.js';
