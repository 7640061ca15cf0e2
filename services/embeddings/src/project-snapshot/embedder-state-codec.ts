import type { AnalyzerSpec, SentenceEmbedderState, Weighting } from '@refinery/embedders';
import type { EmbedderState } from '../runs/embedder-state.repository.js';
import { fromBytes, toBuffer } from '../vectors/vector-codec.js';
import type { EmbedderStateChunkLine, EmbedderStateLine, StateBlob } from './embeddings-part-lines.js';

/** Raw bytes per chunk line: 240 KB → 320 KB of base64, so a line stays well inside a page. */
export const STATE_CHUNK_BYTES = 240_000;

type Blobs = Partial<Record<StateBlob, Uint8Array>>;

const bytesOf = (a: Float32Array | Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** An embedder state as its archive lines: one settings line and its arrays in base64 chunks. */
export function stateLines(embeddingId: string, state: EmbedderState): { header: EmbedderStateLine; chunks: EmbedderStateChunkLine[] } {
  const blobs: Blobs = {};
  let header: Omit<EmbedderStateLine, 'bytes'> = {
    embeddingId, kind: state.kind, model: null, analyzer: null, weighting: null, sublinearTf: null, pcaInputDims: null, pcaComponents: null, explainedVarianceRatio: null,
  };
  if (state.kind === 'pretrained-sentence' && state.pca) {
    header = { ...header, pcaInputDims: state.pca.inputDims, pcaComponents: state.pca.components };
    blobs.pcaMean = toBuffer(state.pca.mean);
    blobs.pcaLoadings = toBuffer(state.pca.loadings);
  }
  if (state.kind === 'fitted-sentence') {
    const s = state.state;
    const v = s.vectorizer;
    header = { ...header, model: s.model, analyzer: { ...v.analyzer } as Record<string, unknown>, weighting: v.weighting, sublinearTf: v.sublinearTf };
    blobs.terms = Buffer.from(JSON.stringify(v.terms), 'utf8');
    if (v.idf) blobs.idf = bytesOf(v.idf);
    if (s.pca) {
      header = { ...header, pcaInputDims: v.terms.length, pcaComponents: s.pca.components, explainedVarianceRatio: s.pca.explainedVarianceRatio };
      blobs.pcaMean = toBuffer(s.pca.mean);
      blobs.pcaLoadings = toBuffer(s.pca.loadings);
    }
  }
  const chunks: EmbedderStateChunkLine[] = [];
  const bytes = { terms: 0, idf: 0, pcaMean: 0, pcaLoadings: 0 };
  for (const blob of ['terms', 'idf', 'pcaMean', 'pcaLoadings'] as const) {
    const b = blobs[blob];
    if (!b) continue;
    bytes[blob] = b.byteLength;
    for (let at = 0, index = 0; at < b.byteLength; at += STATE_CHUNK_BYTES, index++) {
      chunks.push({ embeddingId, blob, index, data: Buffer.from(b.buffer, b.byteOffset + at, Math.min(STATE_CHUNK_BYTES, b.byteLength - at)).toString('base64') });
    }
  }
  return { header: { ...header, bytes }, chunks };
}

/**
 * The embedder state back from its settings line and its blobs (chunks concatenated in order);
 * a problem (missing or extra bytes, values of the wrong width) is a message naming the blob.
 */
export function stateFromLines(header: EmbedderStateLine, blobs: Blobs): EmbedderState | string {
  for (const blob of ['terms', 'idf', 'pcaMean', 'pcaLoadings'] as const) {
    const got = blobs[blob]?.byteLength ?? 0;
    if (got !== header.bytes[blob]) return `${blob}: ${got} bytes in embedder-state-chunks, the state declares ${header.bytes[blob]}`;
  }
  const f32 = (blob: StateBlob): Float32Array | null => {
    const b = blobs[blob];
    return b && b.byteLength ? fromBytes(b) : null;
  };
  if (header.kind === 'pretrained-token') return { kind: 'pretrained-token' };
  const mean = f32('pcaMean');
  const loadings = f32('pcaLoadings');
  if ((mean === null) !== (loadings === null)) return 'pcaMean and pcaLoadings: a PCA needs both';
  const components = header.pcaComponents ?? 0;
  const inputDims = header.pcaInputDims ?? 0;
  if (mean && loadings && (mean.length !== inputDims || loadings.length !== inputDims * components)) {
    return `pcaLoadings: ${loadings.length} values and pcaMean ${mean.length} do not fit ${inputDims} inputs × ${components} components`;
  }
  if (header.kind === 'pretrained-sentence') return { kind: 'pretrained-sentence', pca: mean && loadings ? { inputDims, components, mean, loadings } : null };
  if (!header.model || !header.analyzer || !header.weighting) return 'model, analyzer and weighting: a fitted embedder needs them';
  let terms: unknown;
  try {
    terms = JSON.parse(Buffer.from(blobs.terms ?? new Uint8Array()).toString('utf8'));
  } catch {
    return 'terms: not a JSON array of strings';
  }
  if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string')) return 'terms: not a JSON array of strings';
  const idfBytes = blobs.idf;
  if (idfBytes && idfBytes.byteLength !== terms.length * 8) return `idf: ${idfBytes.byteLength} bytes for ${terms.length} terms (8 per term)`;
  if (mean && inputDims !== terms.length) return `pcaInputDims: ${inputDims}, the vocabulary has ${terms.length} terms`;
  const idf = idfBytes && idfBytes.byteLength ? new Float64Array(Uint8Array.from(idfBytes).buffer) : null;
  const state: SentenceEmbedderState = {
    model: header.model as SentenceEmbedderState['model'],
    vectorizer: { analyzer: header.analyzer as unknown as AnalyzerSpec, weighting: header.weighting as Weighting, sublinearTf: header.sublinearTf ?? false, terms: terms as string[], idf },
    pca: mean && loadings ? { components, mean, loadings, explainedVarianceRatio: header.explainedVarianceRatio ?? 1 } : null,
  };
  return { kind: 'fitted-sentence', state };
}
