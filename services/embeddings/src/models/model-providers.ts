import type { EmbeddingsConfig } from '../shared/embeddings-config.js';
import { TransformerModelProvider, transformerOptionsFromEnv } from '../transformers/index.js';
import type { ModelProvider } from './model-provider.js';

/**
 * Providers asked after the built-in one, in order: pre-trained transformer models by Hugging
 * Face id, from REFINERY_MODEL_DIR/<id> or the hub (services/embeddings/src/transformers).
 */
export function pluggedModelProviders(config: EmbeddingsConfig): ModelProvider[] {
  const { REFINERY_MODEL_DIR, REFINERY_MODEL_HUB, REFINERY_MODEL_HUB_URL, REFINERY_ONNX_THREADS, REFINERY_TRANSFORMER_BATCH_SIZE, REFINERY_TRANSFORMER_MAX_LENGTH } = config;
  return [
    new TransformerModelProvider(
      transformerOptionsFromEnv({ REFINERY_MODEL_DIR, REFINERY_MODEL_HUB, REFINERY_MODEL_HUB_URL, REFINERY_ONNX_THREADS, REFINERY_TRANSFORMER_BATCH_SIZE, REFINERY_TRANSFORMER_MAX_LENGTH }),
    ),
  ];
}

/** Nest token of the plugged providers (`ModelProvider[]`). */
export const MODEL_PROVIDERS = Symbol('MODEL_PROVIDERS');
