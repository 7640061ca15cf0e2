import { fitSentenceEmbedder, restoreSentenceEmbedder } from '@refinery/embedders';
import type { EmbedderState } from '../runs/embedder-state.repository.js';
import { STATE_CHUNK_BYTES, stateFromLines, stateLines } from './embedder-state-codec.js';
import type { EmbedderStateChunkLine, StateBlob } from './embeddings-part-lines.js';

const texts = Array.from({ length: 60 }, (_, i) => `${['cats', 'budget', 'football', 'rome'][i % 4]} story number ${i} about ${['dogs', 'taxes', 'goals', 'popes'][i % 4]}`);

function blobsOf(chunks: readonly EmbedderStateChunkLine[]): Partial<Record<StateBlob, Uint8Array>> {
  const out: Partial<Record<StateBlob, Uint8Array>> = {};
  for (const c of chunks) out[c.blob] = Buffer.concat([out[c.blob] ?? new Uint8Array(), Buffer.from(c.data, 'base64')]);
  return out;
}

describe('embedder state as archive lines', () => {
  it('round-trips a fitted tf-idf + PCA state: the restored embedder gives bit-identical vectors', () => {
    const { embedder } = fitSentenceEmbedder(texts, { model: 'tf-idf', dims: 8 });
    const state: EmbedderState = { kind: 'fitted-sentence', state: embedder.state() };
    const { header, chunks } = stateLines('e1', state);
    expect(header).toMatchObject({ embeddingId: 'e1', kind: 'fitted-sentence', model: 'tf-idf', pcaComponents: 8 });
    const back = stateFromLines(header, blobsOf(chunks));
    if (typeof back === 'string' || back.kind !== 'fitted-sentence') throw new Error(String(back));
    const again = restoreSentenceEmbedder(back.state).embed(['cats and budget', 'a new text']);
    expect(again.matrix).toEqual(embedder.embed(['cats and budget', 'a new text']).matrix);
  });

  it('cuts large blobs into chunks and keeps their order', () => {
    const loadings = new Float32Array((STATE_CHUNK_BYTES / 8) * 5).map((_, i) => i);
    const state: EmbedderState = { kind: 'pretrained-sentence', pca: { inputDims: STATE_CHUNK_BYTES / 8, components: 5, mean: new Float32Array(STATE_CHUNK_BYTES / 8), loadings } };
    const { header, chunks } = stateLines('e2', state);
    expect(chunks.filter((c) => c.blob === 'pcaLoadings').map((c) => c.index)).toEqual([0, 1, 2]);
    const back = stateFromLines(header, blobsOf(chunks));
    expect(back).toEqual(state);
    expect(stateFromLines(stateLines('e3', { kind: 'pretrained-token' }).header, {})).toEqual({ kind: 'pretrained-token' });
  });

  it('names the blob whose bytes do not match the settings line', () => {
    const { embedder } = fitSentenceEmbedder(texts, { model: 'bag-of-words', dims: 4 });
    const { header, chunks } = stateLines('e4', { kind: 'fitted-sentence', state: embedder.state() });
    const blobs = blobsOf(chunks);
    expect(stateFromLines(header, { ...blobs, pcaLoadings: blobs.pcaLoadings?.subarray(4) })).toMatch(/^pcaLoadings: \d+ bytes in embedder-state-chunks, the state declares \d+$/);
    expect(stateFromLines({ ...header, bytes: { ...header.bytes, terms: 2 } }, { ...blobs, terms: Buffer.from('{}') })).toBe('terms: not a JSON array of strings');
    expect(stateFromLines({ ...header, model: null }, blobs)).toMatch(/^model, analyzer and weighting/);
    expect(stateFromLines({ ...header, pcaInputDims: 3 }, blobs)).toMatch(/^pcaLoadings: .* do not fit 3 inputs/);
  });
});
