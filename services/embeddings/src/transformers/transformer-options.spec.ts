import {
  TRANSFORMER_DEFAULTS,
  transformerOptionsFromEnv,
  validateTransformerOptions,
} from './transformer-options.js';

describe('transformerOptionsFromEnv', () => {
  it('reads every variable', () => {
    expect(
      transformerOptionsFromEnv(
        {
          REFINERY_MODEL_DIR: 'models',
          REFINERY_MODEL_HUB: 'off',
          REFINERY_MODEL_HUB_URL: 'http://mirror.local:8080/hf',
          REFINERY_ONNX_THREADS: '2',
          REFINERY_TRANSFORMER_BATCH_SIZE: '64',
          REFINERY_TRANSFORMER_MAX_LENGTH: '128',
        },
        '/srv/app',
      ),
    ).toEqual({
      modelDir: '/srv/app/models',
      allowHub: false,
      hubUrl: 'http://mirror.local:8080/hf/',
      intraOpThreads: 2,
      batchSize: 64,
      maxLength: 128,
    });
  });

  it('defaults to one onnxruntime thread, the hub on, and ./models outside a checkout', () => {
    expect(transformerOptionsFromEnv({ REFINERY_MODEL_HUB: ' ' }, '/')).toEqual({
      ...TRANSFORMER_DEFAULTS,
      modelDir: '/models',
    });
  });

  it.each([
    [
      'REFINERY_MODEL_HUB',
      'maybe',
      'REFINERY_MODEL_HUB must be one of on/off/true/false/1/0, got "maybe"',
    ],
    [
      'REFINERY_MODEL_HUB_URL',
      'ftp://x',
      'REFINERY_MODEL_HUB_URL must be an http(s) URL, got "ftp://x"',
    ],
    ['REFINERY_MODEL_HUB_URL', 'not a url', 'REFINERY_MODEL_HUB_URL must be an http(s) URL'],
    ['REFINERY_ONNX_THREADS', '0', 'REFINERY_ONNX_THREADS must be an integer in [1, 64], got 0'],
    [
      'REFINERY_ONNX_THREADS',
      'two',
      'REFINERY_ONNX_THREADS must be an integer in [1, 64], got "two"',
    ],
    [
      'REFINERY_TRANSFORMER_BATCH_SIZE',
      '5000',
      'REFINERY_TRANSFORMER_BATCH_SIZE must be an integer in [1, 1024], got 5000',
    ],
    [
      'REFINERY_TRANSFORMER_MAX_LENGTH',
      '4',
      'REFINERY_TRANSFORMER_MAX_LENGTH must be an integer in [8, 8192], got 4',
    ],
  ])('refuses %s=%j', (key, value, message) => {
    expect(() =>
      transformerOptionsFromEnv({ REFINERY_MODEL_DIR: '/m', [key]: value }, '/'),
    ).toThrow(message);
  });
});

describe('validateTransformerOptions', () => {
  const valid = { ...TRANSFORMER_DEFAULTS, modelDir: '/m' };

  it('accepts valid options', () => {
    expect(validateTransformerOptions(valid)).toBe(valid);
  });

  it.each([
    [{ modelDir: ' ' }, 'option "modelDir" must not be empty'],
    [{ hubUrl: 'nope' }, 'hubUrl must be an http(s) URL'],
    [{ intraOpThreads: 1.5 }, 'intraOpThreads must be an integer in [1, 64], got 1.5'],
    [{ batchSize: 0 }, 'batchSize must be an integer in [1, 1024], got 0'],
    [{ maxLength: 7 }, 'maxLength must be an integer in [8, 8192], got 7'],
  ])('refuses %j', (patch, message) => {
    expect(() => validateTransformerOptions({ ...valid, ...patch })).toThrow(message);
  });
});
