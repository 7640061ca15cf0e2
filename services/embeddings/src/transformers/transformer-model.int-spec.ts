/** @jest-environment ./services/embeddings/src/transformers/testing/onnx-jest-environment.mjs */
import { tokenize } from '@refinery/tokenize';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelUnavailableError } from '../models/model-provider.js';
import { normalised } from './pooling.js';
import { startLocalHub } from './testing/local-hub-server.js';
import {
  type TinyTransformerModel,
  writeTinyTransformerModel,
} from './testing/tiny-transformer-fixture.js';
import { loadTransformerModel } from './transformer-model-loader.js';
import type { TransformerModel } from './transformer-model.js';
import { TransformerModelProvider } from './transformer-model.provider.js';
import { TRANSFORMER_DEFAULTS, type TransformerOptions } from './transformer-options.js';

// The real loading path (transformers.js tokenizer + onnxruntime-node session) on a tiny BERT-like
// model the test writes itself: no network, no mocks.
describe('transformer models from a local folder', () => {
  let root: string;
  let tiny: TinyTransformerModel;
  let options: TransformerOptions;
  let model: TransformerModel;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'refinery-transformers-'));
    tiny = await writeTinyTransformerModel(root, { dims: 16 });
    options = { ...TRANSFORMER_DEFAULTS, modelDir: root, allowHub: false };
    model = await loadTransformerModel(tiny.id, options);
  });

  afterAll(async () => {
    await model.dispose();
    await rm(root, { recursive: true, force: true });
  });

  const pieceIds = (...tokens: string[]): number[] =>
    tokens.map((t) => {
      const id = tiny.vocabulary.get(t);
      if (id === undefined) throw new Error(`no "${t}" in the tiny vocabulary`);
      return id;
    });
  const meanOf = (ids: readonly number[]): Float32Array => {
    const sum = new Float64Array(tiny.dims);
    for (const id of ids) tiny.hiddenRow(id).forEach((v, d) => (sum[d]! += v));
    return normalised(sum);
  };
  const norm = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

  it('embeds each text as the mean of its pieces ([CLS] and [SEP] included), L2-normalised', async () => {
    const [cats, empty] = await model.embed(['The cats sat.', '']);
    expect(model.dims).toBe(16);
    expect(cats).toHaveLength(16);
    expect(norm(cats!)).toBeCloseTo(1, 5);
    const expected = meanOf(pieceIds('[CLS]', 'the', 'cat', '##s', 'sat', '.', '[SEP]'));
    cats!.forEach((v, d) => expect(v).toBeCloseTo(expected[d]!, 5));
    const expectedEmpty = meanOf(pieceIds('[CLS]', '[SEP]'));
    empty!.forEach((v, d) => expect(v).toBeCloseTo(expectedEmpty[d]!, 5));
  });

  it('is deterministic, keeps input order and does not depend on the batch it ran in', async () => {
    const texts = [
      'a dog ran in the park',
      'the cat sat on the mat',
      'x',
      'shocking news from berlin!',
    ];
    const once = await model.embed(texts);
    const again = await model.embed(texts);
    const alone = await Promise.all(texts.map(async (t) => (await model.embed([t]))[0]!));
    const small = await loadTransformerModel(tiny.id, { ...options, batchSize: 1 });
    const oneByOne = await small.embed(texts);
    await small.dispose();
    texts.forEach((_, i) => {
      expect(again[i]).toEqual(once[i]);
      alone[i]!.forEach((v, d) => expect(v).toBeCloseTo(once[i]![d]!, 5));
      oneByOne[i]!.forEach((v, d) => expect(v).toBeCloseTo(once[i]![d]!, 5));
    });
  });

  it('gives different texts different vectors', async () => {
    const [a, b] = await model.embed(['the cat sat on the mat', 'stock prices fall in new york']);
    const cosine = a!.reduce((s, x, d) => s + x * b![d]!, 0);
    expect(cosine).toBeLessThan(0.99);
  });

  it('truncates texts longer than maxLength pieces', async () => {
    const short = await loadTransformerModel(tiny.id, { ...options, maxLength: 8 });
    const [long] = await short.embed(['the cat sat on the mat and the dog ran in the park']);
    await short.dispose();
    // [CLS] + 6 pieces + [SEP]
    const expected = meanOf(pieceIds('[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '[SEP]'));
    long!.forEach((v, d) => expect(v).toBeCloseTo(expected[d]!, 5));
  });

  it('embeds tokens of @refinery/tokenize with their offsets, a token being the mean of its pieces', async () => {
    const text = "The cats don't sit, shockingly!";
    const [result] = await model.embedTokens([text]);
    expect(result!.tokens).toEqual(tokenize(text));
    expect(result!.tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      'The',
      'cats',
      'do',
      "n't",
      'sit',
      ',',
      'shockingly',
      '!',
    ]);
    expect(result!.matrix).toHaveLength(result!.tokens.length * 16);
    const row = (i: number): Float32Array => result!.matrix.slice(i * 16, (i + 1) * 16);
    result!.tokens.forEach((_, i) => expect(norm(row(i))).toBeCloseTo(1, 5));
    // the tiny model has no attention, so a token's vector is its own pieces' mean
    const cats = meanOf(pieceIds('cat', '##s'));
    row(1).forEach((v, d) => expect(v).toBeCloseTo(cats[d]!, 5));
    const shockingly = meanOf(pieceIds('shocking', '##ly'));
    row(6).forEach((v, d) => expect(v).toBeCloseTo(shockingly[d]!, 5));
  });

  it('embeds long texts in windows without losing tokens', async () => {
    const text = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'cats' : 'park')).join(' ');
    const windowed = await loadTransformerModel(tiny.id, {
      ...options,
      maxLength: 8,
      batchSize: 3,
    });
    const [small] = await windowed.embedTokens([text]);
    await windowed.dispose();
    const [full] = await model.embedTokens([text]);
    expect(small!.tokens).toHaveLength(40);
    small!.matrix.forEach((v, i) => expect(v).toBeCloseTo(full!.matrix[i]!, 5));
  });

  it('returns no tokens for an empty text and refuses a non-string', async () => {
    const [empty] = await model.embedTokens(['']);
    expect(empty!.tokens).toEqual([]);
    expect(empty!.matrix).toHaveLength(0);
    await expect(model.embed([42 as unknown as string])).rejects.toThrow(
      'text 0 is number, expected a string',
    );
    await expect(model.embedTokens(['ok', null as unknown as string])).rejects.toThrow(
      'text 1 is object',
    );
  });

  it('serves both levels from one loaded model through the provider', async () => {
    const provider = new TransformerModelProvider(options);
    const sentence = provider.resolve(tiny.id, 'classification');
    const token = provider.resolve(tiny.id, 'extraction');
    if (sentence?.kind !== 'pretrained-sentence' || token?.kind !== 'pretrained-token')
      throw new Error(`unexpected kinds ${sentence?.kind} / ${token?.kind}`);
    const [a, b] = await Promise.all([sentence.load(), token.load()]);
    expect(a).toBe(b);
    expect((await a.embed(['the cat']))[0]).toEqual((await model.embed(['the cat']))[0]);
    await provider.close();
  });
});

describe('transformer model loading errors', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'refinery-transformers-errors-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const offline = (): TransformerOptions => ({
    ...TRANSFORMER_DEFAULTS,
    modelDir: root,
    allowHub: false,
  });

  it('names the model, the folder tried and the hub being off when the folder is missing', async () => {
    const error = await loadTransformerModel('acme/missing-model', offline()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).model).toBe('acme/missing-model');
    expect((error as Error).message).toBe(
      `model "acme/missing-model" is not available: local: folder ${join(root, 'acme', 'missing-model')} does not exist ` +
        '(put config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx there or set REFINERY_MODEL_DIR); ' +
        'hub: disabled (REFINERY_MODEL_HUB=off)',
    );
  });

  it('names the missing file of an incomplete folder', async () => {
    const tiny = await writeTinyTransformerModel(root, { id: 'acme/no-onnx' });
    await rm(join(tiny.dir, 'onnx', 'model.onnx'));
    await expect(loadTransformerModel(tiny.id, offline())).rejects.toThrow(
      `local: folder ${tiny.dir} lacks onnx/model.onnx (put`,
    );
  });

  it('reports a corrupt model file', async () => {
    const tiny = await writeTinyTransformerModel(root, { id: 'acme/corrupt' });
    await writeFile(join(tiny.dir, 'onnx', 'model.onnx'), 'not a protobuf');
    await expect(loadTransformerModel(tiny.id, offline())).rejects.toThrow(
      `local: folder ${tiny.dir} could not be loaded: `,
    );
  });

  it('refuses ids that could leave the model folder', async () => {
    await expect(loadTransformerModel('../etc', offline())).rejects.toThrow(
      'model id "../etc" has an invalid part ".."',
    );
    expect(new TransformerModelProvider(offline()).resolve('a/b/c', 'classification')).toBeNull();
  });

  it('adds the hub failure when the hub lacks the model too', async () => {
    const hub = await startLocalHub(join(root, 'empty-hub'));
    try {
      const error = await loadTransformerModel('acme/nowhere', {
        ...offline(),
        allowHub: true,
        hubUrl: hub.url,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelUnavailableError);
      expect((error as Error).message).toContain(
        `folder ${join(root, 'acme', 'nowhere')} does not exist`,
      );
      expect((error as Error).message).toContain(`hub: ${hub.url} failed: `);
      expect(hub.requests.some((p) => p.startsWith('/acme/nowhere/'))).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it('downloads from the hub when the local folder lacks the model', async () => {
    const hubRoot = join(root, 'hub');
    const published = await writeTinyTransformerModel(hubRoot, { id: 'acme/published' });
    const local = await writeTinyTransformerModel(join(root, 'reference'), {
      id: 'acme/published',
    });
    const hub = await startLocalHub(hubRoot);
    try {
      const downloaded = await loadTransformerModel(published.id, {
        ...offline(),
        allowHub: true,
        hubUrl: hub.url,
      });
      const reference = await loadTransformerModel(local.id, {
        ...offline(),
        modelDir: join(root, 'reference'),
      });
      expect(hub.requests).toContain('/acme/published/resolve/main/onnx/model.onnx');
      expect(await downloaded.embed(['the cat sat'])).toEqual(
        await reference.embed(['the cat sat']),
      );
      await Promise.all([downloaded.dispose(), reference.dispose()]);
    } finally {
      await hub.close();
    }
  });
});
