import type { LabelMatrixPage } from '@refinery/contracts';

/**
 * The zod schema of `records.associations.label-matrix.v1` checks types only; the indices of a
 * CSR page must also agree with each other, or votes would land on the wrong record or label.
 * Throws naming the field at fault (a records-side bug, so a plain Error: the job retries).
 */
export function checkLabelMatrixPage(page: LabelMatrixPage, extraction: boolean): void {
  const fail = (field: string, message: string): never => {
    throw new Error(`label-matrix page of ${page.recordIds.length} records from ${page.recordIds[0] ?? '(none)'}: ${field} ${message}`);
  };
  const n = page.recordIds.length;
  const nnz = page.voteSource.length;
  if (page.indptr.length !== n + 1) fail('indptr', `has ${page.indptr.length} entries for ${n} records (expected ${n + 1})`);
  if (page.indptr[0] !== 0) fail('indptr[0]', `is ${page.indptr[0]}, expected 0`);
  for (let i = 0; i < n; i++) {
    if (page.indptr[i + 1]! < page.indptr[i]!) fail(`indptr[${i + 1}]`, `(${page.indptr[i + 1]}) decreases`);
  }
  if (page.indptr[n] !== nnz) fail(`indptr[${n}]`, `is ${page.indptr[n]} but there are ${nnz} votes`);
  sameLength(fail, nnz, { voteLabel: page.voteLabel, voteConfidence: page.voteConfidence });
  inRange(fail, 'voteSource', page.voteSource, page.sources.length);
  inRange(fail, 'voteLabel', page.voteLabel, page.labels.length);
  page.voteConfidence.forEach((c, k) => {
    if (c !== null && !(c >= 0 && c <= 1)) fail(`voteConfidence[${k}]`, `is ${c}, outside [0, 1]`);
  });
  const nRef = page.referenceRecord.length;
  sameLength(fail, nRef, { referenceLabel: page.referenceLabel });
  inRange(fail, 'referenceRecord', page.referenceRecord, n);
  inRange(fail, 'referenceLabel', page.referenceLabel, page.labels.length);
  if (!extraction) return;
  const tokens = (field: string, starts: number[] | undefined, ends: number[] | undefined, count: number): void => {
    if (!starts || !ends) {
      // Tolerated when there is nothing to locate.
      if (count > 0) fail(`${field}TokenStart/${field}TokenEnd`, `are missing on an extraction task with ${count} ${field === 'vote' ? 'votes' : 'reference spans'}`);
      return;
    }
    sameLength(fail, count, { [`${field}TokenStart`]: starts, [`${field}TokenEnd`]: ends });
    starts.forEach((s, k) => {
      if (s < 0 || ends[k]! < s) fail(`${field}TokenStart/End[${k}]`, `is [${s}, ${ends[k]}], not an inclusive token range`);
    });
  };
  tokens('vote', page.voteTokenStart, page.voteTokenEnd, nnz);
  tokens('reference', page.referenceTokenStart, page.referenceTokenEnd, nRef);
}

function sameLength(fail: (field: string, message: string) => never, expected: number, arrays: Record<string, readonly unknown[]>): void {
  for (const [field, values] of Object.entries(arrays)) {
    if (values.length !== expected) fail(field, `has ${values.length} entries, expected ${expected}`);
  }
}

function inRange(fail: (field: string, message: string) => never, field: string, values: readonly number[], size: number): void {
  values.forEach((v, k) => {
    if (v < 0 || v >= size) fail(`${field}[${k}]`, `is ${v}, outside 0..${size - 1}`);
  });
}
