import type { TransformerEmbedder } from '@refinery/embedders';
import type { ModelProvider } from '../models/model-provider.js';
import { ModelRegistry } from '../models/model-registry.js';
import { EmbedderRuntime } from './embedder-runtime.js';

const texts = Array.from({ length: 80 }, (_, i) => `${['stocks rally', 'goal scored', 'cake recipe'][i % 3]} number ${i % 9} extra ${i % 4}`);

/** A deterministic 6-dimensional "pre-trained" model. */
const six: TransformerEmbedder = {
  name: 'org/six',
  dims: 6,
  embed: (batch) => Promise.resolve(batch.map((t) => Float32Array.from({ length: 6 }, (_, c) => (t.charCodeAt(c % t.length) % 17) / 17 + c))),
};
const hub: ModelProvider = {
  name: 'fake',
  resolve: (model, level) => (model === 'org/six' && level === 'classification' ? { kind: 'pretrained-sentence', model, load: () => Promise.resolve(six) } : null),
};

describe('EmbedderRuntime', () => {
  const runtime = new EmbedderRuntime(new ModelRegistry([hub]));

  it('embeds batches of a built-in model exactly like the fit, from the stored state', async () => {
    const fitted = await runtime.fit('tf-idf', 'classification', 4, texts);
    expect(fitted).toMatchObject({ dims: 4, reduced: true });
    const a = await runtime.embed('tf-idf', fitted.state, texts.slice(0, 10));
    const b = await runtime.embed('tf-idf', fitted.state, texts.slice(0, 10));
    expect(a.vectors).toHaveLength(40);
    expect(b.vectors).toEqual(a.vectors);
  });

  it('reduces pre-trained vectors with a PCA fitted on the sample, and skips it when asked for more dimensions', async () => {
    const reduced = await runtime.fit('org/six', 'classification', 2, texts);
    expect(reduced).toMatchObject({ dims: 2, reduced: true });
    expect((await runtime.embed('org/six', reduced.state, texts.slice(0, 3))).vectors).toHaveLength(6);
    const full = await runtime.fit('org/six', 'classification', 64, texts);
    expect(full).toMatchObject({ dims: 6, reduced: false });
    expect((await runtime.embed('org/six', full.state, ['x'])).dims).toBe(6);
  });

  it('gives token-level models one row per token and the count per record', async () => {
    const fitted = await runtime.fit('token-hashing', 'extraction', 64, texts);
    const out = await runtime.embed('token-hashing', fitted.state, ['two words', '']);
    expect(out.tokenCounts).toEqual([2, 0]);
    expect(out.vectors).toHaveLength(2 * out.dims);
  });
});
