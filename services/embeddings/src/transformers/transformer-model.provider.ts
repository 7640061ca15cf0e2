import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_FILES } from './local-model-folder.js';
import type { EmbeddingLevel } from '@refinery/embedders';
import type { EmbeddingModel, ModelProvider } from '../models/model-provider.js';
import { isModelId } from './model-id.js';
import { loadTransformerModel } from './transformer-model-loader.js';
import type { TransformerModel } from './transformer-model.js';
import { type TransformerOptions, validateTransformerOptions } from './transformer-options.js';

/**
 * Answers any Hugging Face id (`name` or `owner/name`) that the built-in provider did not take:
 * classification → mean-pooled sentence vectors, extraction → per-token vectors of the same
 * model. `resolve` only checks the id's syntax; whether the files exist is found out by `load()`,
 * whose `ModelUnavailableError` names what is missing. One loaded model (one onnxruntime session)
 * serves both levels in a process; a failed load is forgotten so placing the files and retrying
 * works without a restart.
 */
export class TransformerModelProvider implements ModelProvider {
  readonly name = 'transformers';
  private readonly loaded = new Map<string, Promise<TransformerModel>>();
  private readonly options: TransformerOptions;

  constructor(
    options: TransformerOptions,
    private readonly load: (
      id: string,
      options: TransformerOptions,
    ) => Promise<TransformerModel> = loadTransformerModel,
  ) {
    this.options = validateTransformerOptions(options);
  }

  resolve(model: string, level: EmbeddingLevel): EmbeddingModel | null {
    if (!isModelId(model)) return null;
    // Without the hub, a model is known only when its folder is complete: an unknown name is then
    // refused when the embedding is created (naming the built-in models), not later by its run.
    if (!this.options.allowHub && !MODEL_FILES.every((file) => existsSync(join(this.options.modelDir, model, file)))) return null;
    return level === 'classification'
      ? { kind: 'pretrained-sentence', model, load: () => this.model(model) }
      : { kind: 'pretrained-token', model, load: () => this.model(model) };
  }

  /** releases every onnxruntime session (service shutdown) */
  async close(): Promise<void> {
    const models = [...this.loaded.values()];
    this.loaded.clear();
    const settled = await Promise.allSettled(models);
    await Promise.all(
      settled.map((s) => (s.status === 'fulfilled' ? s.value.dispose() : undefined)),
    );
  }

  private model(id: string): Promise<TransformerModel> {
    let pending = this.loaded.get(id);
    if (!pending) {
      pending = this.load(id, this.options);
      this.loaded.set(id, pending);
      pending.catch(() => this.loaded.delete(id));
    }
    return pending;
  }
}
