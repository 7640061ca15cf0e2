import { LearnerError, LearnerErrorCode } from './learner-error.js';

const bad = (message: string): LearnerError =>
  new LearnerError(LearnerErrorCode.InvalidInput, message);

/** X must hold n × d finite values. */
export function checkMatrix(x: Float32Array, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 0) throw bad(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw bad(`d must be a positive integer, got ${d}`);
  if (x.length !== n * d)
    throw bad(`X has ${x.length} values, expected n × d = ${n} × ${d} = ${n * d}`);
  for (let p = 0; p < x.length; p++) {
    if (!Number.isFinite(x[p]!))
      throw bad(`X row ${Math.floor(p / d)} has a non-finite value at column ${p % d}`);
  }
}

/** y must hold n class indices in [0, classes). */
export function checkLabels(y: Int32Array, n: number, classes: number): void {
  if (!Number.isInteger(classes) || classes < 2)
    throw bad(`classes must be an integer ≥ 2, got ${classes}`);
  if (y.length !== n) throw bad(`y has ${y.length} labels, expected ${n}`);
  if (n === 0) throw bad('cannot fit on zero rows');
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes) throw bad(`y[${i}] = ${c} is not a class index in [0, ${classes})`);
  }
}

/** Index of the largest value in row i of an n × k matrix (ties: the lower index). */
export function argmaxRow(p: Float32Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
  return best;
}
