// What the compiler needs to know besides the query: the project's attributes (the filter is
// typed by them), optionally its tasks (to reject unknown ids), and for similarity order the
// embeddings service's hits.

import type { MongoFilter } from './mongo-types.js';

export const queryDataTypes = [
  'TEXT',
  'CATEGORY',
  'INTEGER',
  'FLOAT',
  'BOOLEAN',
  'EMBEDDING_LIST',
] as const;
export type QueryDataType = (typeof queryDataTypes)[number];

export interface AttributeSpec {
  readonly name: string;
  readonly dataType: QueryDataType;
}

export interface TaskSpec {
  readonly id: string;
  readonly labelIds: readonly string[];
}

/** Top-K neighbours of the similarity record, from the embeddings service. */
export interface SimilarityHit {
  readonly id: string;
  readonly score: number;
}

export interface QueryContext {
  readonly attributes: readonly AttributeSpec[];
  /** When given, task and label ids in the query must exist. */
  readonly tasks?: readonly TaskSpec[];
  readonly similarity?: readonly SimilarityHit[];
}

export interface CompileContext extends QueryContext {
  /** Equality scope prefixed to every filter, e.g. `{ projectId, generation }`. */
  readonly scope: MongoFilter;
}

export const isTextType = (t: QueryDataType): boolean => t === 'TEXT' || t === 'CATEGORY';
export const isNumberType = (t: QueryDataType): boolean => t === 'INTEGER' || t === 'FLOAT';
