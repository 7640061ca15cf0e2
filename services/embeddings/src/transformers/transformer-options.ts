import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** How the transformer models are found and run; validated once at boot. */
export interface TransformerOptions {
  /** folder holding `<id>/config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx` */
  readonly modelDir: string;
  /** try the Hugging Face hub when the local folder lacks the model */
  readonly allowHub: boolean;
  /** hub endpoint (a mirror works too); transformers.js appends `<id>/resolve/<revision>/<file>` */
  readonly hubUrl: string;
  /** onnxruntime intra-op threads per session: 1 so that N worker processes use N cores */
  readonly intraOpThreads: number;
  /** texts (or token windows) per onnxruntime run */
  readonly batchSize: number;
  /** cap on sub-word pieces per sequence, [CLS]/[SEP] included (the tokenizer's own limit applies too) */
  readonly maxLength: number;
}

export const TRANSFORMER_DEFAULTS = {
  allowHub: true,
  hubUrl: 'https://huggingface.co/',
  intraOpThreads: 1,
  batchSize: 32,
  maxLength: 512,
} as const;

/** The environment variables read by `transformerOptionsFromEnv`. */
export const TRANSFORMER_ENV = {
  modelDir: 'REFINERY_MODEL_DIR',
  allowHub: 'REFINERY_MODEL_HUB',
  hubUrl: 'REFINERY_MODEL_HUB_URL',
  intraOpThreads: 'REFINERY_ONNX_THREADS',
  batchSize: 'REFINERY_TRANSFORMER_BATCH_SIZE',
  maxLength: 'REFINERY_TRANSFORMER_MAX_LENGTH',
} as const;

export class TransformerOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformerOptionsError';
  }
}

/**
 * Reads the options from environment variables, defaults filled in. `REFINERY_MODEL_DIR`
 * defaults to `<repo root>/../models` when run from a checkout (beside the shared data, never
 * inside the repository), else `./models`.
 */
export function transformerOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): TransformerOptions {
  const value = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const modelDir = value(TRANSFORMER_ENV.modelDir);
  return {
    modelDir: modelDir === undefined ? defaultModelDir(cwd) : resolve(cwd, modelDir),
    allowHub: parseSwitch(TRANSFORMER_ENV.allowHub, value(TRANSFORMER_ENV.allowHub), true),
    hubUrl: parseUrl(
      TRANSFORMER_ENV.hubUrl,
      value(TRANSFORMER_ENV.hubUrl) ?? TRANSFORMER_DEFAULTS.hubUrl,
    ),
    intraOpThreads: parseInteger(
      TRANSFORMER_ENV.intraOpThreads,
      value(TRANSFORMER_ENV.intraOpThreads),
      TRANSFORMER_DEFAULTS.intraOpThreads,
      1,
      64,
    ),
    batchSize: parseInteger(
      TRANSFORMER_ENV.batchSize,
      value(TRANSFORMER_ENV.batchSize),
      TRANSFORMER_DEFAULTS.batchSize,
      1,
      1024,
    ),
    maxLength: parseInteger(
      TRANSFORMER_ENV.maxLength,
      value(TRANSFORMER_ENV.maxLength),
      TRANSFORMER_DEFAULTS.maxLength,
      8,
      8192,
    ),
  };
}

/** Checks options built in code (tests, benchmarks) with the same rules as the environment. */
export function validateTransformerOptions(options: TransformerOptions): TransformerOptions {
  if (options.modelDir.trim() === '')
    throw new TransformerOptionsError('option "modelDir" must not be empty');
  parseUrl('hubUrl', options.hubUrl);
  checkRange('intraOpThreads', options.intraOpThreads, 1, 64);
  checkRange('batchSize', options.batchSize, 1, 1024);
  checkRange('maxLength', options.maxLength, 8, 8192);
  return options;
}

function defaultModelDir(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return join(dir, '..', 'models');
    if (dirname(dir) === dir) return resolve(cwd, 'models');
  }
}

function parseSwitch(key: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const v = raw.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new TransformerOptionsError(`${key} must be one of on/off/true/false/1/0, got "${raw}"`);
}

function parseUrl(key: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TransformerOptionsError(`${key} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TransformerOptionsError(`${key} must be an http(s) URL, got "${raw}"`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function parseInteger(
  key: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw))
    throw new TransformerOptionsError(
      `${key} must be an integer in [${min}, ${max}], got "${raw}"`,
    );
  return checkRange(key, Number(raw), min, max);
}

function checkRange(key: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new TransformerOptionsError(
      `${key} must be an integer in [${min}, ${max}], got ${value}`,
    );
  return value;
}
