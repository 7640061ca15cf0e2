import { type LabelMatrix, referenceEntries, type ReferenceLabels } from '../matrix.js';

/**
 * Class prior used for records without votes (and as a tie-breaker): Dirichlet(alpha)-smoothed
 * frequencies of the reference labels when there are any; otherwise the smoothed distribution of
 * the (confidence-weighted) votes, i.e. the class balance the heuristics suggest.
 */
export function classPrior(matrix: LabelMatrix, reference: ReferenceLabels | undefined, alpha = 1): Float64Array {
  const K = matrix.nClasses;
  const p = new Float64Array(K).fill(alpha);
  const refs = referenceEntries(reference, matrix.nRecords, K);
  if (refs.length > 0) {
    for (const [, c] of refs) p[c]! += 1;
  } else {
    const nz = matrix.indptr[matrix.nRecords]!;
    for (let k = 0; k < nz; k++) p[matrix.vote[k]!]! += matrix.confidence ? matrix.confidence[k]! : 1;
  }
  let s = 0;
  for (let c = 0; c < K; c++) s += p[c]!;
  for (let c = 0; c < K; c++) p[c]! /= s;
  return p;
}

/** Fills row `i` of a prediction with the prior (record without votes). */
export function writePriorRow(prior: Float64Array, probabilities: Float64Array, i: number): { label: number; confidence: number } {
  const K = prior.length;
  let best = 0;
  for (let c = 0; c < K; c++) {
    probabilities[i * K + c] = prior[c]!;
    if (prior[c]! > prior[best]!) best = c;
  }
  return { label: best, confidence: prior[best]! };
}
