// The transformer models' surface for the rest of the embeddings service.
export { TransformerModelProvider } from './transformer-model.provider.js';
export { loadTransformerModel } from './transformer-model-loader.js';
export { TransformerModel } from './transformer-model.js';
export {
  TRANSFORMER_DEFAULTS,
  TRANSFORMER_ENV,
  TransformerOptionsError,
  transformerOptionsFromEnv,
  validateTransformerOptions,
} from './transformer-options.js';
export type { TransformerOptions } from './transformer-options.js';
export { MODEL_FILES } from './local-model-folder.js';
