import { analyze, type AnalyzerSpec } from './analyzers.js';
import { EmbedderError, EmbedderErrorCode, invalidOption } from './embedder-error.js';
import type { SparseMatrix } from './sparse-matrix.js';

export type Weighting = 'count' | 'tf-idf';

export interface VectorizerOptions {
  readonly analyzer: AnalyzerSpec;
  readonly weighting: Weighting;
  /**
   * Drop terms found in fewer documents: a value < 1 is a fraction of the corpus, a value ≥ 1
   * an integer document count. Default: 2 documents, or 1 on corpora under 100 documents (so a
   * tiny project still gets a vocabulary).
   */
  readonly minDf?: number;
  /** Drop terms found in more documents: ≤ 1 is a fraction, > 1 an integer count. Default 1 (keep all). */
  readonly maxDf?: number;
  /** Keep only the most frequent terms (total count, ties by term). Default 20,000. */
  readonly maxFeatures?: number;
  /** tf = 1 + ln(count) instead of count. Default false. */
  readonly sublinearTf?: boolean;
}

export const VECTORIZER_DEFAULTS = {
  maxDf: 1,
  maxFeatures: 20_000,
  sublinearTf: false,
  smallCorpus: 100,
} as const;

/** Everything needed to vectorize new texts exactly like the corpus (serialisable). */
export interface VectorizerState {
  readonly analyzer: AnalyzerSpec;
  readonly weighting: Weighting;
  readonly sublinearTf: boolean;
  /** vocabulary, sorted (column j is terms[j]) */
  readonly terms: readonly string[];
  /** per-term idf (tf-idf only) */
  readonly idf: Float64Array | null;
}

export interface FittedVectorizer {
  readonly state: VectorizerState;
  transform(texts: readonly string[]): SparseMatrix;
}

export function validateVectorizerOptions(o: VectorizerOptions): void {
  const [min, max] = o.analyzer.ngramRange;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > 8) {
    throw invalidOption(
      'ngramRange',
      `must be [min, max] integers with 1 ≤ min ≤ max ≤ 8, got [${min}, ${max}]`,
    );
  }
  if (o.minDf !== undefined && !(o.minDf >= 0 && (o.minDf < 1 || Number.isInteger(o.minDf)))) {
    throw invalidOption(
      'minDf',
      `must be a fraction in [0, 1) or an integer document count, got ${o.minDf}`,
    );
  }
  if (o.maxDf !== undefined && !(o.maxDf > 0 && (o.maxDf <= 1 || Number.isInteger(o.maxDf)))) {
    throw invalidOption(
      'maxDf',
      `must be a fraction in (0, 1] or an integer document count, got ${o.maxDf}`,
    );
  }
  if (o.maxFeatures !== undefined && !(Number.isInteger(o.maxFeatures) && o.maxFeatures >= 1)) {
    throw invalidOption('maxFeatures', `must be a positive integer, got ${o.maxFeatures}`);
  }
}

function docThreshold(value: number, nDocs: number): number {
  return value < 1 ? Math.ceil(value * nDocs) : value;
}

/** Fits the vocabulary (and idf) on the corpus and returns the corpus' sparse matrix with it. */
export function fitVectorizer(
  texts: readonly string[],
  options: VectorizerOptions,
): { vectorizer: FittedVectorizer; matrix: SparseMatrix } {
  validateVectorizerOptions(options);
  const n = texts.length;
  // one analysis pass: per document (provisional term id, count) pairs; counts go through a
  // scratch array indexed by term id instead of a Map per document
  const provisional = new Map<string, number>();
  let df = new Int32Array(1024);
  let total = new Float64Array(1024);
  let scratch = new Int32Array(1024);
  const docs: Int32Array[] = [];
  const touched: number[] = [];
  for (const text of texts) {
    touched.length = 0;
    for (const term of analyze(options.analyzer, text)) {
      let id = provisional.get(term);
      if (id === undefined) {
        id = provisional.size;
        provisional.set(term, id);
        if (id === df.length) {
          df = grow(df);
          total = grow(total);
          scratch = grow(scratch);
        }
      }
      if (scratch[id] === 0) touched.push(id);
      scratch[id]!++;
    }
    const pairs = new Int32Array(touched.length * 2);
    let p = 0;
    for (const id of touched) {
      const c = scratch[id]!;
      scratch[id] = 0;
      df[id]!++;
      total[id]! += c;
      pairs[p++] = id;
      pairs[p++] = c;
    }
    docs.push(pairs);
  }
  const minDocs = docThreshold(options.minDf ?? (n < VECTORIZER_DEFAULTS.smallCorpus ? 1 : 2), n);
  const maxDf = options.maxDf ?? VECTORIZER_DEFAULTS.maxDf;
  const maxDocs = maxDf <= 1 ? Math.floor(maxDf * n) : maxDf;
  let kept = [...provisional].filter(([, id]) => df[id]! >= minDocs && df[id]! <= maxDocs);
  const maxFeatures = options.maxFeatures ?? VECTORIZER_DEFAULTS.maxFeatures;
  if (kept.length > maxFeatures) {
    kept = kept
      .sort(([ta, a], [tb, b]) => total[b]! - total[a]! || (ta < tb ? -1 : ta > tb ? 1 : 0))
      .slice(0, maxFeatures);
  }
  if (kept.length === 0) {
    throw new EmbedderError(
      EmbedderErrorCode.EmptyVocabulary,
      `no term of the ${n} texts is kept (minDf ${options.minDf ?? 'default'}, maxDf ${maxDf}); lower minDf or add texts`,
    );
  }
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const remap = new Int32Array(provisional.size).fill(-1);
  kept.forEach(([, id], j) => (remap[id] = j));
  const terms = kept.map(([t]) => t);
  // smooth idf (scikit-learn's default): ln((1 + n) / (1 + df)) + 1
  const idf =
    options.weighting === 'tf-idf'
      ? Float64Array.from(kept, ([, id]) => Math.log((1 + n) / (1 + df[id]!)) + 1)
      : null;
  const state: VectorizerState = {
    analyzer: options.analyzer,
    weighting: options.weighting,
    sublinearTf: options.sublinearTf ?? false,
    terms,
    idf,
  };
  const rows = docs.map((pairs) => {
    const row: Array<[number, number]> = [];
    for (let p = 0; p < pairs.length; p += 2) {
      const j = remap[pairs[p]!]!;
      if (j >= 0) row.push([j, pairs[p + 1]!]);
    }
    return row;
  });
  return { vectorizer: restoreVectorizer(state), matrix: weigh(state, rows) };
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A vectorizer from its stored state. */
export function restoreVectorizer(state: VectorizerState): FittedVectorizer {
  if (state.idf && state.idf.length !== state.terms.length) {
    throw new EmbedderError(
      EmbedderErrorCode.DimensionMismatch,
      `vectorizer state has ${state.terms.length} terms but ${state.idf.length} idf values`,
    );
  }
  const vocabulary = new Map(state.terms.map((t, j) => [t, j]));
  return {
    state,
    transform: (texts) =>
      weigh(
        state,
        texts.map((text) => {
          const counts = new Map<number, number>();
          for (const term of analyze(state.analyzer, text)) {
            const j = vocabulary.get(term);
            if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
          }
          return [...counts];
        }),
      ),
  };
}

/** Applies tf (raw or sublinear), idf and the L2 norm (tf-idf only) and builds the CSR matrix. */
function weigh(state: VectorizerState, rows: Array<Array<[number, number]>>): SparseMatrix {
  let nnz = 0;
  for (const r of rows) nnz += r.length;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let k = 0;
  rows.forEach((row, i) => {
    row.sort((a, b) => a[0] - b[0]);
    const start = k;
    let sq = 0;
    for (const [j, count] of row) {
      let v = state.sublinearTf ? 1 + Math.log(count) : count;
      if (state.idf) v *= state.idf[j]!;
      indices[k] = j;
      data[k] = v;
      sq += v * v;
      k++;
    }
    if (state.idf && sq > 0) {
      const inv = 1 / Math.sqrt(sq);
      for (let p = start; p < k; p++) data[p]! *= inv;
    }
    indptr[i + 1] = k;
  });
  return { nRows: rows.length, nCols: state.terms.length, indptr, indices, data };
}
