/** mulberry32: a small seeded generator, so a seeded "run on N" shows the same records again. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `n` distinct positions out of `total` (all of them when n ≥ total), ascending. */
export function samplePositions(total: number, n: number, random: () => number): number[] {
  if (n >= total) return Array.from({ length: total }, (_, i) => i);
  const picked = new Set<number>();
  // Floyd's algorithm: exactly n draws, no rejection loop.
  for (let j = total - n; j < total; j++) {
    const t = Math.floor(random() * (j + 1));
    picked.add(picked.has(t) ? j : t);
  }
  return [...picked].sort((a, b) => a - b);
}
