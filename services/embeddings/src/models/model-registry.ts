import { Inject, Injectable } from '@nestjs/common';
import type { EmbeddingLevel, TransformerEmbedder, TransformerTokenEmbedder } from '@refinery/embedders';
import { AppError } from '@refinery/server-core';
import { BuiltinModelProvider } from './builtin-model.provider.js';
import { ModelUnavailableError, type EmbeddingModel, type ModelProvider } from './model-provider.js';
import { MODEL_PROVIDERS } from './model-providers.js';

/**
 * Resolves an embedding's model name through the providers (built-in first) and caches loaded
 * pre-trained models per process (a worker loads a model once, not per batch).
 */
@Injectable()
export class ModelRegistry {
  private readonly builtin = new BuiltinModelProvider();
  private readonly providers: readonly ModelProvider[];
  private readonly loaded = new Map<string, Promise<TransformerEmbedder | TransformerTokenEmbedder>>();

  constructor(@Inject(MODEL_PROVIDERS) plugged: readonly ModelProvider[]) {
    this.providers = [this.builtin, ...plugged];
  }

  /** The model, or VALIDATION_FAILED naming the models that exist. */
  resolve(model: string, level: EmbeddingLevel): EmbeddingModel {
    for (const p of this.providers) {
      const found = p.resolve(model, level);
      if (found) return found;
    }
    const plugged = this.providers.filter((p) => p !== this.builtin).map((p) => p.name);
    throw new AppError(
      'VALIDATION_FAILED',
      `payload.model: no ${level} model "${model}"; built-in: ${this.builtin.names(level).join(', ')}` +
        (plugged.length ? ` (also asked: ${plugged.join(', ')})` : '; no provider for pre-trained models is installed'),
      { issues: [{ path: ['payload', 'model'], message: `unknown ${level} model` }] },
    );
  }

  async sentence(model: string): Promise<TransformerEmbedder> {
    const m = this.resolve(model, 'classification');
    if (m.kind !== 'pretrained-sentence') throw new Error(`${model} is not a pre-trained sentence model`);
    return (await this.cached(`s:${model}`, () => m.load())) as TransformerEmbedder;
  }

  async tokens(model: string): Promise<TransformerTokenEmbedder> {
    const m = this.resolve(model, 'extraction');
    if (m.kind !== 'pretrained-token') throw new Error(`${model} is not a token model`);
    return (await this.cached(`t:${model}`, () => m.load())) as TransformerTokenEmbedder;
  }

  private cached<T extends TransformerEmbedder | TransformerTokenEmbedder>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.loaded.get(key);
    if (!hit) {
      hit = load().catch((error: unknown) => {
        this.loaded.delete(key); // a model placed later is picked up by the next attempt
        if (error instanceof ModelUnavailableError) throw new AppError('UNAVAILABLE', error.message);
        throw error;
      });
      this.loaded.set(key, hit);
    }
    return hit as Promise<T>;
  }
}
