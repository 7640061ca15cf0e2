import type { TransformerEmbedder } from '@refinery/embedders';
import { ModelUnavailableError, type ModelProvider } from './model-provider.js';
import { ModelRegistry } from './model-registry.js';

function provider(load: () => Promise<TransformerEmbedder>): ModelProvider & { loads: number } {
  const p = {
    name: 'fake-hub',
    loads: 0,
    resolve: (model: string, level: string) =>
      model === 'org/mini' && level === 'classification'
        ? {
            kind: 'pretrained-sentence' as const,
            model,
            load: () => {
              p.loads++;
              return load();
            },
          }
        : null,
  };
  return p;
}

const mini: TransformerEmbedder = { name: 'org/mini', dims: 3, embed: (texts) => Promise.resolve(texts.map(() => Float32Array.of(1, 2, 3))) };

describe('ModelRegistry', () => {
  it('answers built-in names itself and asks plugged providers for the rest', () => {
    const registry = new ModelRegistry([provider(() => Promise.resolve(mini))]);
    expect(registry.resolve('tf-idf', 'classification')).toEqual({ kind: 'fitted-sentence', model: 'tf-idf' });
    expect(registry.resolve('token-hashing', 'extraction').kind).toBe('pretrained-token');
    expect(registry.resolve('org/mini', 'classification').kind).toBe('pretrained-sentence');
  });

  it('names the built-in models and the providers asked when nobody knows a model', () => {
    const registry = new ModelRegistry([provider(() => Promise.resolve(mini))]);
    expect(() => registry.resolve('org/other', 'classification')).toThrow(/payload\.model: no classification model "org\/other"; built-in: tf-idf, bag-of-words, bag-of-characters \(also asked: fake-hub\)/);
    expect(() => new ModelRegistry([]).resolve('org/mini', 'extraction')).toThrow('no provider for pre-trained models is installed');
  });

  it('loads a pre-trained model once per process', async () => {
    const p = provider(() => Promise.resolve(mini));
    const registry = new ModelRegistry([p]);
    await Promise.all([registry.sentence('org/mini'), registry.sentence('org/mini')]);
    expect(p.loads).toBe(1);
  });

  it('turns a missing model into UNAVAILABLE with the provider\'s message, and tries again next time', async () => {
    let fail = true;
    const p = provider(() => (fail ? Promise.reject(new ModelUnavailableError('org/mini', 'org/mini: not in REFINERY_MODEL_DIR and the hub is unreachable')) : Promise.resolve(mini)));
    const registry = new ModelRegistry([p]);
    await expect(registry.sentence('org/mini')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('REFINERY_MODEL_DIR') });
    fail = false;
    await expect(registry.sentence('org/mini')).resolves.toBe(mini);
  });
});
