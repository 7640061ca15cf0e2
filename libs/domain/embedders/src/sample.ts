import { mulberry32 } from './random.js';

/** min(size, n) distinct row indices, seeded (partial Fisher–Yates), ascending. */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const m = Math.min(size, n);
  const rand = mulberry32(seed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, m).sort();
}
