/**
 * Sparse label matrix (records × heuristics) in CSR layout.
 *
 * Row `i` holds the non-abstaining votes of record `i`: for `k` in `indptr[i] .. indptr[i+1]-1`,
 * heuristic `heuristic[k]` voted class `vote[k]` with confidence `confidence[k]` (1 when absent).
 * A heuristic votes at most once per record in a single-label task.
 */
export interface LabelMatrix {
  readonly nRecords: number;
  readonly nHeuristics: number;
  readonly nClasses: number;
  readonly indptr: Int32Array;
  readonly heuristic: Int32Array;
  readonly vote: Int32Array;
  readonly confidence: Float64Array | null;
}

/** One vote of a heuristic on a record. */
export interface Vote {
  readonly record: number;
  readonly heuristic: number;
  readonly vote: number;
  readonly confidence?: number;
}

/** Manual (reference) labels: record index -> class index. */
export type ReferenceLabels = ReadonlyMap<number, number> | Readonly<Record<number, number>>;

export const ABSTAIN = -1;

function checkDims(nRecords: number, nHeuristics: number, nClasses: number): void {
  for (const [name, v] of [
    ['nRecords', nRecords],
    ['nHeuristics', nHeuristics],
    ['nClasses', nClasses],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  if (nClasses < 1) throw new RangeError('nClasses must be at least 1');
}

/** Builds a CSR label matrix from a list of votes (any order). Later duplicates of (record, heuristic) are dropped. */
export function labelMatrixFromVotes(
  nRecords: number,
  nHeuristics: number,
  nClasses: number,
  votes: Iterable<Vote>,
): LabelMatrix {
  checkDims(nRecords, nHeuristics, nClasses);
  const list = Array.isArray(votes) ? (votes as readonly Vote[]) : [...votes];
  const counts = new Int32Array(nRecords + 1);
  let withConfidence = false;
  for (const v of list) {
    if (!Number.isInteger(v.record) || v.record < 0 || v.record >= nRecords) throw new RangeError(`record ${v.record} out of range`);
    if (!Number.isInteger(v.heuristic) || v.heuristic < 0 || v.heuristic >= nHeuristics)
      throw new RangeError(`heuristic ${v.heuristic} out of range`);
    if (v.vote === ABSTAIN) continue;
    if (!Number.isInteger(v.vote) || v.vote < 0 || v.vote >= nClasses) throw new RangeError(`vote ${v.vote} out of range`);
    if (v.confidence !== undefined && v.confidence !== 1) withConfidence = true;
    counts[v.record + 1]!++;
  }
  for (let i = 0; i < nRecords; i++) counts[i + 1]! += counts[i]!;
  const nnz = counts[nRecords]!;
  const heuristic = new Int32Array(nnz);
  const vote = new Int32Array(nnz);
  const confidence = withConfidence ? new Float64Array(nnz) : null;
  const fill = counts.slice(0, nRecords);
  for (const v of list) {
    if (v.vote === ABSTAIN) continue;
    const k = fill[v.record]!++;
    heuristic[k] = v.heuristic;
    vote[k] = v.vote;
    if (confidence) {
      const c = v.confidence ?? 1;
      if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence must be in [0, 1], got ${c}`);
      confidence[k] = c;
    }
  }
  return dedupe({ nRecords, nHeuristics, nClasses, indptr: counts, heuristic, vote, confidence });
}

/** Keeps the first vote of each heuristic per record (input order). */
function dedupe(m: LabelMatrix): LabelMatrix {
  const seen = new Int32Array(m.nHeuristics).fill(-1);
  let dup = false;
  for (let i = 0; i < m.nRecords && !dup; i++) {
    for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++) {
      const h = m.heuristic[k]!;
      if (seen[h] === i) {
        dup = true;
        break;
      }
      seen[h] = i;
    }
  }
  if (!dup) return m;
  seen.fill(-1);
  const indptr = new Int32Array(m.nRecords + 1);
  const heuristic: number[] = [];
  const vote: number[] = [];
  const confidence: number[] = [];
  for (let i = 0; i < m.nRecords; i++) {
    for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++) {
      const h = m.heuristic[k]!;
      if (seen[h] === i) continue;
      seen[h] = i;
      heuristic.push(h);
      vote.push(m.vote[k]!);
      confidence.push(m.confidence ? m.confidence[k]! : 1);
    }
    indptr[i + 1] = heuristic.length;
  }
  return {
    ...m,
    indptr,
    heuristic: Int32Array.from(heuristic),
    vote: Int32Array.from(vote),
    confidence: m.confidence ? Float64Array.from(confidence) : null,
  };
}

/** Builds a label matrix from dense rows (one entry per heuristic, `-1` = abstain), e.g. WRENCH `weak_labels`. */
export function labelMatrixFromDense(rows: readonly (readonly number[])[], nClasses: number, nHeuristics?: number): LabelMatrix {
  const m = nHeuristics ?? rows[0]?.length ?? 0;
  const votes: Vote[] = [];
  rows.forEach((row, record) => {
    if (row.length !== m) throw new RangeError(`row ${record} has ${row.length} entries, expected ${m}`);
    row.forEach((v, heuristic) => {
      if (v !== ABSTAIN) votes.push({ record, heuristic, vote: v });
    });
  });
  return labelMatrixFromVotes(rows.length, m, nClasses, votes);
}

/** Number of stored (non-abstain) votes. */
export function nnz(m: LabelMatrix): number {
  return m.indptr[m.nRecords]!;
}

/** Confidence of the k-th stored vote. */
export function voteConfidence(m: LabelMatrix, k: number): number {
  return m.confidence ? m.confidence[k]! : 1;
}

/** Normalises reference labels to a checked list of [record, class] pairs. */
export function referenceEntries(refs: ReferenceLabels | undefined, nRecords: number, nClasses: number): Array<[number, number]> {
  if (!refs) return [];
  const raw: Array<[number, number]> =
    refs instanceof Map
      ? [...(refs as ReadonlyMap<number, number>).entries()]
      : Object.entries(refs as Readonly<Record<number, number>>).map(([k, v]) => [Number(k), v]);
  for (const [r, c] of raw) {
    if (!Number.isInteger(r) || r < 0 || r >= nRecords) throw new RangeError(`reference record ${r} out of range`);
    if (!Number.isInteger(c) || c < 0 || c >= nClasses) throw new RangeError(`reference class ${c} out of range`);
  }
  return raw.sort((a, b) => a[0] - b[0]);
}

/** Dense Int32Array of reference classes (-1 = none). */
export function referenceArray(refs: ReferenceLabels | undefined, nRecords: number, nClasses: number): Int32Array {
  const out = new Int32Array(nRecords).fill(-1);
  for (const [r, c] of referenceEntries(refs, nRecords, nClasses)) out[r] = c;
  return out;
}
