import {
  EmbedderError,
  EmbedderErrorCode,
  type TokenVectors,
  type TransformerEmbedder,
  type TransformerTokenEmbedder,
} from '@refinery/embedders';
import { tokenize } from '@refinery/tokenize';
import type { EncoderSession } from './encoder-session.js';
import { meanPoolNormalised, poolRange } from './pooling.js';
import { frameBatch } from './sequence-batch.js';
import { planTokenWindows, type TokenWindow } from './token-windows.js';

export interface TransformerModelOptions {
  /** texts (or token windows) per onnxruntime run */
  readonly batchSize: number;
  /** cap on pieces per sequence, special tokens included */
  readonly maxLength: number;
}

/** bounded so a long run over many distinct words cannot grow the cache without limit */
const PIECE_CACHE_LIMIT = 50_000;

/**
 * A pre-trained transformer as both embedders of `@refinery/embedders`:
 *
 * - `embed` (classification): each text is tokenized by the model's own tokenizer (truncated
 *   to `maxLength` pieces), run through the encoder, and its `last_hidden_state` mean-pooled
 *   over the attention mask (special tokens included, padding excluded, like
 *   sentence-transformers), then L2-normalised. Texts are sorted by piece count before
 *   batching so a batch pads little; vectors come back in input order.
 * - `embedTokens` (extraction): the text is split by `@refinery/tokenize` (so offsets match
 *   labelled spans), each of our tokens is cut into sub-word pieces by the model's tokenizer on
 *   its own, the pieces of consecutive tokens are packed into windows of at most `maxLength`
 *   (special tokens added around each window; a token is never split between windows), and a
 *   token's vector is the mean of its pieces' hidden vectors, L2-normalised. A token without
 *   pieces (only characters the model's tokenizer drops, e.g. control characters) gets a zero
 *   vector.
 */
export class TransformerModel implements TransformerEmbedder, TransformerTokenEmbedder {
  private readonly pieceCache = new Map<string, readonly number[]>();

  private constructor(
    readonly name: string,
    readonly dims: number,
    private readonly session: EncoderSession,
    private readonly options: TransformerModelOptions,
  ) {}

  /** Wraps a session and probes it once, so a broken model fails at load, not mid-job. */
  static async create(
    name: string,
    session: EncoderSession,
    options: TransformerModelOptions,
  ): Promise<TransformerModel> {
    const probe = await session.run(frameBatch([session.encodePieces('a')], session));
    return new TransformerModel(name, probe.dims, session, options);
  }

  private get maxLength(): number {
    return Math.min(this.options.maxLength, this.session.modelMaxLength);
  }

  /** room for pieces between the special tokens of one sequence */
  private get capacity(): number {
    const capacity = this.maxLength - this.session.prefixIds.length - this.session.suffixIds.length;
    if (capacity < 1)
      throw new EmbedderError(
        EmbedderErrorCode.InvalidOptions,
        `option "maxLength" ${this.maxLength} leaves no room between the special tokens of model "${this.name}"`,
      );
    return capacity;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    checkTexts(texts);
    const capacity = this.capacity;
    const pieces = texts.map((text) => this.session.encodePieces(text).slice(0, capacity));
    const order = texts.map((_, i) => i).sort((a, b) => pieces[a]!.length - pieces[b]!.length);
    const out = new Array<Float32Array>(texts.length);
    for (let from = 0; from < order.length; from += this.options.batchSize) {
      const rows = order.slice(from, from + this.options.batchSize);
      const encoded = frameBatch(
        rows.map((i) => pieces[i]!),
        this.session,
      );
      const hidden = await this.session.run(encoded);
      const vectors = meanPoolNormalised(
        hidden.data,
        encoded.attentionMask,
        hidden.batch,
        hidden.sequence,
        hidden.dims,
      );
      rows.forEach((row, i) => (out[row] = vectors[i]!));
    }
    return out;
  }

  async embedTokens(texts: readonly string[]): Promise<TokenVectors[]> {
    checkTexts(texts);
    const capacity = this.capacity;
    const results: TokenVectors[] = [];
    const jobs: WindowJob[] = [];
    for (const text of texts) {
      const tokens = tokenize(text);
      const pieces = tokens.map((t) => this.pieces(t.text));
      const matrix = new Float32Array(tokens.length * this.dims);
      results.push({ tokens, dims: this.dims, matrix });
      for (const window of planTokenWindows(
        pieces.map((p) => p.length),
        capacity,
      )) {
        // a window whose tokens have no pieces has nothing to run: its rows stay zero
        if (window.length > 0) jobs.push({ window, pieces, matrix });
      }
    }
    // long windows first, so batches pad little
    jobs.sort((a, b) => b.window.length - a.window.length);
    for (let from = 0; from < jobs.length; from += this.options.batchSize) {
      await this.runWindows(jobs.slice(from, from + this.options.batchSize));
    }
    return results;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }

  private async runWindows(jobs: readonly WindowJob[]): Promise<void> {
    const sequences = jobs.map(({ window, pieces }) => {
      const ids: number[] = [];
      window.pieceRanges.forEach(([start, end], i) =>
        ids.push(...pieces[window.firstToken + i]!.slice(0, end - start)),
      );
      return ids;
    });
    const batch = frameBatch(sequences, this.session);
    const offset = this.session.prefixIds.length;
    const hidden = await this.session.run(batch);
    jobs.forEach(({ window, matrix }, b) => {
      window.pieceRanges.forEach(([start, end], i) => {
        const vector = poolRange(
          hidden.data,
          b * batch.sequence,
          offset + start,
          offset + end,
          hidden.dims,
        );
        matrix.set(vector, (window.firstToken + i) * this.dims);
      });
    });
  }

  private pieces(tokenText: string): readonly number[] {
    const cached = this.pieceCache.get(tokenText);
    if (cached) return cached;
    const pieces = this.session.encodePieces(tokenText);
    if (this.pieceCache.size >= PIECE_CACHE_LIMIT) this.pieceCache.clear();
    this.pieceCache.set(tokenText, pieces);
    return pieces;
  }
}

interface WindowJob {
  readonly window: TokenWindow;
  readonly pieces: readonly (readonly number[])[];
  readonly matrix: Float32Array;
}

function checkTexts(texts: readonly string[]): void {
  texts.forEach((text, i) => {
    if (typeof text !== 'string')
      throw new EmbedderError(
        EmbedderErrorCode.InvalidInput,
        `text ${i} is ${typeof text}, expected a string`,
      );
  });
}
