import { EmbedderError, EmbedderErrorCode, invalidOption } from './embedder-error.js';

export type Metric = 'cosine' | 'euclidean';
export const METRICS: readonly Metric[] = ['cosine', 'euclidean'];

export interface Neighbour {
  /** row of the indexed matrix */
  readonly index: number;
  /** cosine distance (1 − cos, in [0, 2]) or euclidean distance */
  readonly distance: number;
}

export interface SearchOptions {
  /** keep only neighbours with distance ≤ threshold */
  readonly threshold?: number;
  /** a row never returned (the query record itself) */
  readonly exclude?: number;
}

/**
 * Exact nearest-neighbour search over a flat n × dims Float32Array (a brute-force scan with a
 * bounded heap: 100k × 64 takes a few ms, and exactness keeps results reproducible). Cosine
 * rows are normalised once at build time, so both metrics reduce to one dot product per row
 * (euclidean: ‖q − x‖² = ‖q‖² + ‖x‖² − 2 q·x). A zero vector has cosine distance 1 to everything.
 */
export class ExactVectorIndex {
  private readonly rows: Float32Array;
  private readonly sqNorms: Float32Array | null;

  constructor(
    matrix: Float32Array,
    readonly n: number,
    readonly dims: number,
    readonly metric: Metric,
  ) {
    if (!METRICS.includes(metric))
      throw invalidOption(
        'metric',
        `must be one of ${METRICS.join(', ')}, got "${String(metric)}"`,
      );
    if (
      !Number.isInteger(n) ||
      n < 0 ||
      !Number.isInteger(dims) ||
      dims < 1 ||
      matrix.length !== n * dims
    ) {
      throw new EmbedderError(
        EmbedderErrorCode.DimensionMismatch,
        `matrix has ${matrix.length} values, expected ${n} × ${dims}`,
      );
    }
    for (let p = 0; p < matrix.length; p++) {
      if (!Number.isFinite(matrix[p]!)) {
        throw new EmbedderError(
          EmbedderErrorCode.InvalidInput,
          `vector of row ${Math.floor(p / dims)} has a non-finite value at dimension ${p % dims}`,
        );
      }
    }
    if (metric === 'cosine') {
      this.rows = new Float32Array(matrix.length);
      for (let i = 0; i < n; i++) normalizeInto(matrix, i * dims, dims, this.rows, i * dims);
      this.sqNorms = null;
    } else {
      this.rows = matrix;
      this.sqNorms = new Float32Array(n);
      for (let i = 0; i < n; i++) this.sqNorms[i] = dot(matrix, i * dims, matrix, i * dims, dims);
    }
  }

  /** The stored (for cosine: normalised) vector of a row, as a view. */
  row(i: number): Float32Array {
    this.checkRow(i);
    return this.rows.subarray(i * this.dims, (i + 1) * this.dims);
  }

  /** Distance between two indexed rows. */
  distance(i: number, j: number): number {
    this.checkRow(i);
    this.checkRow(j);
    const d = this.dims;
    const ip = dot(this.rows, i * d, this.rows, j * d, d);
    return this.sqNorms
      ? Math.sqrt(Math.max(0, this.sqNorms[i]! + this.sqNorms[j]! - 2 * ip))
      : 1 - ip;
  }

  /** Distances from row i to each of `others`, into `out`. */
  distancesBetween(
    i: number,
    others: Int32Array,
    out = new Float32Array(others.length),
  ): Float32Array {
    this.checkRow(i);
    const d = this.dims;
    for (let p = 0; p < others.length; p++) {
      const j = others[p]!;
      if (!(j >= 0 && j < this.n)) this.checkRow(j);
      const ip = dot(this.rows, i * d, this.rows, j * d, d);
      out[p] = this.sqNorms
        ? Math.sqrt(Math.max(0, this.sqNorms[i]! + this.sqNorms[j]! - 2 * ip))
        : 1 - ip;
    }
    return out;
  }

  /** Distances from `query` to every row, into `out` (length n). */
  distancesTo(query: Float32Array, out = new Float32Array(this.n)): Float32Array {
    const { q, qq } = this.prepare(query);
    const d = this.dims;
    for (let i = 0; i < this.n; i++) {
      const ip = dot(q, 0, this.rows, i * d, d);
      out[i] = this.sqNorms ? Math.sqrt(Math.max(0, qq + this.sqNorms[i]! - 2 * ip)) : 1 - ip;
    }
    return out;
  }

  /** The k nearest rows to `query`, nearest first (ties: lower row first). */
  search(query: Float32Array, k: number, options: SearchOptions = {}): Neighbour[] {
    if (!Number.isInteger(k) || k < 1)
      throw invalidOption('k', `must be a positive integer, got ${k}`);
    const { q, qq } = this.prepare(query);
    const d = this.dims;
    const rows = this.rows;
    const sq = this.sqNorms;
    const exclude = options.exclude ?? -1;
    // Search on the cheap key (−q·x for cosine, ‖x‖² − 2 q·x for euclidean); distances at the end.
    let limit = Infinity;
    if (options.threshold !== undefined) {
      const t = options.threshold;
      limit = sq ? t * t - qq : t - 1;
    }
    const heap = new BoundedMaxHeap(Math.min(k, this.n));
    for (let i = 0; i < this.n; i++) {
      const o = i * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c = 0;
      for (; c + 3 < d; c += 4) {
        s0 += q[c]! * rows[o + c]!;
        s1 += q[c + 1]! * rows[o + c + 1]!;
        s2 += q[c + 2]! * rows[o + c + 2]!;
        s3 += q[c + 3]! * rows[o + c + 3]!;
      }
      for (; c < d; c++) s0 += q[c]! * rows[o + c]!;
      const ip = s0 + s1 + s2 + s3;
      const key = sq ? sq[i]! - 2 * ip : -ip;
      if (key > limit + 1e-6 || i === exclude) continue;
      if (heap.size < heap.capacity) heap.push(key, i);
      else if (key < heap.topKey()) heap.replaceTop(key, i);
    }
    return heap
      .drain()
      .map(({ key, index }) => ({
        index,
        distance: sq ? Math.sqrt(Math.max(0, qq + key)) : 1 + key,
      }))
      .filter((nb) => options.threshold === undefined || nb.distance <= options.threshold + 1e-6);
  }

  /** The k nearest rows to row i, itself excluded. */
  searchRow(i: number, k: number, options: Omit<SearchOptions, 'exclude'> = {}): Neighbour[] {
    this.checkRow(i);
    return this.search(this.rows.subarray(i * this.dims, (i + 1) * this.dims), k, {
      ...options,
      exclude: i,
    });
  }

  private prepare(query: Float32Array): { q: Float32Array; qq: number } {
    if (query.length !== this.dims) {
      throw new EmbedderError(
        EmbedderErrorCode.DimensionMismatch,
        `query has ${query.length} dimensions, the index ${this.dims}`,
      );
    }
    if (this.sqNorms) return { q: query, qq: dot(query, 0, query, 0, this.dims) };
    const q = new Float32Array(this.dims);
    normalizeInto(query, 0, this.dims, q, 0);
    return { q, qq: 1 }; // unused for cosine: a zero query scores 0 against every row (distance 1)
  }

  private checkRow(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.n)
      throw new EmbedderError(
        EmbedderErrorCode.InvalidInput,
        `row ${i} is outside the index (0..${this.n - 1})`,
      );
  }
}

function dot(a: Float32Array, oa: number, b: Float32Array, ob: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[oa + c]! * b[ob + c]!;
  return s;
}

function normalizeInto(
  src: Float32Array,
  os: number,
  d: number,
  dst: Float32Array,
  od: number,
): void {
  const sq = dot(src, os, src, os, d);
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let c = 0; c < d; c++) dst[od + c] = src[os + c]! * inv;
}

/** Max-heap on (key, index) holding the best `capacity` entries seen (smallest keys). */
class BoundedMaxHeap {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(key: number, index: number): void {
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.greater(key, index, this.keys[parent]!, this.ids[parent]!)) break;
      this.keys[i] = this.keys[parent]!;
      this.ids[i] = this.ids[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.ids[i] = index;
  }

  replaceTop(key: number, index: number): void {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c =
        r < this.size && this.greater(this.keys[r]!, this.ids[r]!, this.keys[l]!, this.ids[l]!)
          ? r
          : l;
      if (!this.greater(this.keys[c]!, this.ids[c]!, key, index)) break;
      this.keys[i] = this.keys[c]!;
      this.ids[i] = this.ids[c]!;
      i = c;
    }
    this.keys[i] = key;
    this.ids[i] = index;
  }

  /** entries sorted ascending by (key, index) */
  drain(): Array<{ key: number; index: number }> {
    const out = Array.from({ length: this.size }, (_, i) => ({
      key: this.keys[i]!,
      index: this.ids[i]!,
    }));
    return out.sort((a, b) => a.key - b.key || a.index - b.index);
  }

  private greater(k1: number, i1: number, k2: number, i2: number): boolean {
    return k1 > k2 || (k1 === k2 && i1 > i2);
  }
}
