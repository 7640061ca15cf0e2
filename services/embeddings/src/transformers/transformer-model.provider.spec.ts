import { jest } from '@jest/globals';
import type { TransformerModel } from './transformer-model.js';
import { TransformerModelProvider } from './transformer-model.provider.js';
import { TRANSFORMER_DEFAULTS, type TransformerOptions } from './transformer-options.js';

describe('TransformerModelProvider', () => {
  const options: TransformerOptions = { ...TRANSFORMER_DEFAULTS, modelDir: '/models' };
  const fakeModel = (name: string): TransformerModel =>
    ({ name, dispose: jest.fn(() => Promise.resolve()) }) as unknown as TransformerModel;

  it('resolves Hugging Face ids to a sentence model for classification and a token model for extraction', () => {
    const provider = new TransformerModelProvider(options, () => Promise.resolve(fakeModel('x')));
    expect(provider.resolve('distilbert-base-uncased', 'classification')).toMatchObject({
      kind: 'pretrained-sentence',
      model: 'distilbert-base-uncased',
    });
    expect(provider.resolve('sentence-transformers/all-MiniLM-L6-v2', 'extraction')).toMatchObject({
      kind: 'pretrained-token',
      model: 'sentence-transformers/all-MiniLM-L6-v2',
    });
  });

  it('does not answer names that are not model ids', () => {
    const provider = new TransformerModelProvider(options, () => Promise.resolve(fakeModel('x')));
    expect(provider.resolve('', 'classification')).toBeNull();
    expect(provider.resolve('../x', 'classification')).toBeNull();
    expect(provider.resolve('a/b/c', 'extraction')).toBeNull();
  });

  it('loads a model once for both levels and passes the options', async () => {
    const load = jest.fn((id: string) => Promise.resolve(fakeModel(id)));
    const provider = new TransformerModelProvider(options, load);
    const sentence = provider.resolve('m', 'classification');
    const token = provider.resolve('m', 'extraction');
    const [a, b] = await Promise.all([
      sentence!.kind !== 'fitted-sentence' && sentence!.load(),
      token!.kind !== 'fitted-sentence' && token!.load(),
    ]);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith('m', options);
  });

  it('forgets a failed load so a later call retries', async () => {
    const load = jest
      .fn<(id: string, options: TransformerOptions) => Promise<TransformerModel>>()
      .mockRejectedValueOnce(new Error('not there yet'))
      .mockResolvedValueOnce(fakeModel('m'));
    const provider = new TransformerModelProvider(options, load);
    const resolved = provider.resolve('m', 'classification');
    if (resolved?.kind !== 'pretrained-sentence') throw new Error('expected a sentence model');
    await expect(resolved.load()).rejects.toThrow('not there yet');
    await expect(resolved.load()).resolves.toMatchObject({ name: 'm' });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('disposes loaded models on close', async () => {
    const model = fakeModel('m');
    const provider = new TransformerModelProvider(options, () => Promise.resolve(model));
    const resolved = provider.resolve('m', 'classification');
    if (resolved?.kind !== 'pretrained-sentence') throw new Error('expected a sentence model');
    await resolved.load();
    await provider.close();
    expect(model.dispose).toHaveBeenCalledTimes(1);
  });

  it('refuses invalid options', () => {
    expect(() => new TransformerModelProvider({ ...options, intraOpThreads: 0 })).toThrow(
      'intraOpThreads must be an integer in [1, 64], got 0',
    );
  });
});
