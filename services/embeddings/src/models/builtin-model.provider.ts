import { BUILTIN_SENTENCE_MODELS, embedTokens, TOKEN_HASHING_MODEL, type BuiltinSentenceModel, type EmbeddingLevel } from '@refinery/embedders';
import type { EmbeddingModel, ModelProvider } from './model-provider.js';

const SENTENCE: ReadonlySet<string> = new Set(BUILTIN_SENTENCE_MODELS);

/**
 * The models that need no download: tf-idf, bag-of-words and bag-of-characters are fitted on the
 * project (classification); token-hashing is stateless (extraction).
 */
export class BuiltinModelProvider implements ModelProvider {
  readonly name = 'builtin';

  resolve(model: string, level: EmbeddingLevel): EmbeddingModel | null {
    if (level === 'classification' && SENTENCE.has(model)) return { kind: 'fitted-sentence', model: model as BuiltinSentenceModel };
    if (level === 'extraction' && model === TOKEN_HASHING_MODEL) {
      return {
        kind: 'pretrained-token',
        model,
        load: () =>
          Promise.resolve({
            name: TOKEN_HASHING_MODEL,
            dims: 128,
            embedTokens: (texts: readonly string[]) => Promise.resolve(texts.map((t) => embedTokens(t))),
          }),
      };
    }
    return null;
  }

  /** The names this provider answers, for error messages. */
  names(level: EmbeddingLevel): string[] {
    return level === 'classification' ? [...BUILTIN_SENTENCE_MODELS] : [TOKEN_HASHING_MODEL];
  }
}
