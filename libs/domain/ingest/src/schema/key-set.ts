// Primary-key uniqueness in bounded memory: each key is hashed to 64 bits (two independent
// 32-bit FNV-1a/murmur-mixed halves) and kept in an open-addressing table of typed arrays with
// the row it came from — 12 bytes per slot, 2–4 slots per key (load factor ≤ 0.5): 24–48 MB for
// 1M rows, however long the keys are. Two different keys share a 64-bit hash with probability about n²/2⁶⁵
// (≈ 3·10⁻⁸ for 1M rows, 7·10⁻⁷ for 5M); such a collision would be reported as a duplicate key.
// The message shows both rows, so a user can see the (astronomically unlikely) false alarm.

export class KeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private rows: Uint32Array;
  private used = 0;
  private mask: number;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
  }

  get size(): number {
    return this.used;
  }

  /** Adds the key of `row` (≥ 1); returns the earlier row with the same key, or 0. */
  add(key: string, row: number): number {
    const [h1, h2] = hash64(key);
    // 0/0 marks an empty slot
    const lo = h2 === 0 && h1 === 0 ? 1 : h2;
    let i = (h1 ^ (lo >>> 7)) & this.mask;
    for (;;) {
      const r = this.rows[i]!;
      if (r === 0) break;
      if (this.hi[i] === h1 && this.lo[i] === lo) return r;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = h1;
    this.lo[i] = lo;
    this.rows[i] = row;
    if (++this.used * 2 > this.mask + 1) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      if (r === 0) continue;
      let i = (hi[j]! ^ (lo[j]! >>> 7)) & this.mask;
      while (this.rows[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = hi[j]!;
      this.lo[i] = lo[j]!;
      this.rows[i] = r;
    }
  }
}

/** Two 32-bit hashes of the UTF-16 code units: FNV-1a and a murmur3-style mix with another seed. */
export function hash64(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    let k = Math.imul(c, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    b ^= Math.imul(k, 0x1b873593);
    b = (b << 13) | (b >>> 19);
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
  }
  b ^= b >>> 16;
  b = Math.imul(b, 0x85ebca6b);
  b ^= b >>> 13;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  a ^= a >>> 15;
  a = Math.imul(a, 0x2c1b3c6d);
  a ^= a >>> 12;
  return [a >>> 0, b >>> 0];
}
