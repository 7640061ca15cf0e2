// The compound indexes the records service should create on the records collection so the
// compiled queries avoid collection scans and in-memory sorts on MongoDB (equality fields first,
// then the sort fields — the ESR rule). FerretDB accepts them too (it ignores `hint`).

import { dataPath, taskPath } from './compile-filter.js';
import { type AttributeSpec } from './query-context.js';

export interface IndexSpec {
  readonly name: string;
  readonly key: Readonly<Record<string, 1 | -1>>;
}

export interface IndexAdviceInput {
  /** Equality scope fields, in the order of the compiler's scope (default projectId, generation). */
  readonly scopeFields?: readonly string[];
  readonly attributes: readonly AttributeSpec[];
  readonly taskIds: readonly string[];
}

export function recommendedIndexes(input: IndexAdviceInput): IndexSpec[] {
  const scope = input.scopeFields ?? ['projectId', 'generation'];
  const idx = (name: string, ...fields: string[]): IndexSpec => ({
    name,
    key: Object.fromEntries([...scope, ...fields].map((f) => [f, 1 as const])),
  });
  const out: IndexSpec[] = [
    idx('browse_default', 'seq'),
    idx('browse_random', 'rnd', '_id'),
    idx('browse_comments', 'commentCount'),
  ];
  for (const a of input.attributes) {
    // One index serves both directions; EMBEDDING_LIST values are not sortable.
    if (a.dataType !== 'EMBEDDING_LIST')
      out.push(idx(`browse_attr_${a.name}`, dataPath(a.name), '_id'));
  }
  for (const t of input.taskIds) {
    out.push(idx(`browse_ws_conf_${t}`, taskPath(t, 'weakSupervisionConfidence'), '_id'));
    out.push(idx(`browse_manual_${t}`, taskPath(t, 'manual')));
    out.push(idx(`browse_ws_${t}`, taskPath(t, 'weakSupervision')));
    out.push(idx(`browse_heur_${t}`, taskPath(t, 'heuristicCount')));
  }
  return out;
}
