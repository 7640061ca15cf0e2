/** Logistic function with refinery's parametrisation: 1 / (1 + exp(-c·x + k)). */
export function sigmoid(x: number, c = 1, k = 0): number {
  return 1 / (1 + Math.exp(-c * x + k));
}

/** refinery's confidence mapping: c = 7 (slope), k = 3 (x = 3/7 yields 0.5); σ(0.5) ≈ 0.622, σ(0.9) ≈ 0.964. */
export function refinerySigmoid(x: number): number {
  return sigmoid(x, 7, 3);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Index of the maximum (first on ties). */
export function argmax(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[offset + i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/** Normalises `values[offset .. offset+length)` in place to sum 1 (uniform when the sum is not positive). */
export function normalizeInPlace(values: Float64Array, offset = 0, length = values.length - offset): void {
  let s = 0;
  for (let i = 0; i < length; i++) s += values[offset + i]!;
  if (s > 0 && Number.isFinite(s)) for (let i = 0; i < length; i++) values[offset + i]! /= s;
  else for (let i = 0; i < length; i++) values[offset + i] = 1 / length;
}
