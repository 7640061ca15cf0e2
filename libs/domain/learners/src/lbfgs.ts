export interface LbfgsOptions {
  readonly maxIter: number;
  /** stop when max |gradient| ≤ gtol */
  readonly gtol: number;
  /** correction pairs kept; default 10 */
  readonly memory?: number;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking Armijo line search,
 * for smooth convex objectives. `f(x, grad)` returns the value and writes the gradient.
 */
export function lbfgs(
  f: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const size = x0.length;
  const m = options.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(size);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(size);
  const xNew = new Float64Array(size);
  const gNew = new Float64Array(size);
  const alpha = new Float64Array(m);
  let iterations = 0;
  const maxAbs = (v: Float64Array): number => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  if (maxAbs(g) <= options.gtol) return { x, value: fx, iterations, converged: true };
  for (; iterations < options.maxIter;) {
    // two-loop recursion: dir = −H·g
    dir.set(g);
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(s[k]!, dir);
      axpy(-alpha[k]!, yv[k]!, dir);
    }
    const gamma = s.length
      ? dot(s[s.length - 1]!, yv[yv.length - 1]!) / dot(yv[yv.length - 1]!, yv[yv.length - 1]!)
      : 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
    for (let p = 0; p < size; p++) dir[p]! *= gamma;
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k]! * dot(yv[k]!, dir);
      axpy(alpha[k]! - beta, s[k]!, dir);
    }
    for (let p = 0; p < size; p++) dir[p] = -dir[p]!;
    let slope = dot(g, dir);
    if (slope >= 0) {
      // not a descent direction (numerical trouble): restart from steepest descent
      s.length = yv.length = rho.length = 0;
      for (let p = 0; p < size; p++) dir[p] = -g[p]!;
      slope = dot(g, dir);
    }
    let step = 1;
    let fNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let p = 0; p < size; p++) xNew[p] = x[p]! + step * dir[p]!;
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    iterations++;
    if (!(fNew < fx) && !(fNew <= fx + 1e-4 * step * slope)) break; // no progress possible
    const sk = new Float64Array(size);
    const yk = new Float64Array(size);
    for (let p = 0; p < size; p++) {
      sk[p] = xNew[p]! - x[p]!;
      yk[p] = gNew[p]! - g[p]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (s.length === m) {
        s.shift();
        yv.shift();
        rho.shift();
      }
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
    }
    const decrease = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (maxAbs(g) <= options.gtol) return { x, value: fx, iterations, converged: true };
    if (decrease <= 1e-12 * Math.max(1, Math.abs(fx)))
      return { x, value: fx, iterations, converged: true };
  }
  return { x, value: fx, iterations, converged: false };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let p = 0; p < a.length; p++) s += a[p]! * b[p]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let p = 0; p < x.length; p++) y[p]! += alpha * x[p]!;
}
