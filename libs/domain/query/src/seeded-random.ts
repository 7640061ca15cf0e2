// Seeded random order without `$rand` (FerretDB 1.x has none, and MongoDB's takes no seed).
//
// Every record stores `rnd`, a uniform key in [0, 1) derived from its id (so re-imports and new
// generations keep it). A seed picks an offset o in [0, 1); the order is "rotate the rnd circle to
// o": first the records with rnd >= o by rnd ascending, then those with rnd < o by rnd ascending
// (ties by _id). On MongoDB that is two range scans of one index {scope…, rnd, _id}: no sort stage,
// keyset paging, any filter. The price: every seed walks the same cyclic shuffle from a different
// start — each seed's first page is a uniform random sample, but two seeds' sequences are
// rotations of each other. See README "Seeded random order".

const TWO_POW_53 = 2 ** 53;

/** 53-bit string hash (cyrb53 construction): deterministic on every platform. */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Uniform in [0, 1), exactly representable (k / 2^53). */
export function hashToUnit(text: string): number {
  return hash53(text) / TWO_POW_53;
}

/** The `rnd` key the records service stores on every record document. */
export function randomKeyFor(recordId: string): number {
  return hashToUnit(`rnd:${recordId}`);
}

/** Where a seed starts on the rnd circle. */
export function seedOffset(seed: string | number): number {
  return hashToUnit(`seed:${String(seed)}`);
}
