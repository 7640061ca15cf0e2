import { EmbedderError, EmbedderErrorCode } from './embedder-error.js';

/** Attribute-level vectors serve classification, token-level vectors serve extraction. */
export type EmbeddingLevel = 'classification' | 'extraction';

export const EMBEDDING_LEVELS: readonly EmbeddingLevel[] = ['classification', 'extraction'];

/** What identifies an embedding within a project. */
export interface EmbeddingKey {
  readonly attribute: string;
  readonly level: EmbeddingLevel;
  readonly model: string;
}

/**
 * refinery's embedding name: `<attribute>-<classification|extraction>-<model>`, e.g.
 * `headline-classification-distilbert-base-uncased`. Active-learner code refers to embeddings by
 * this name, so it must stay exactly refinery's format.
 */
export function embeddingName(key: EmbeddingKey): string {
  if (key.attribute.trim() === '') {
    throw new EmbedderError(
      EmbedderErrorCode.InvalidInput,
      'embedding attribute must not be empty',
    );
  }
  if (key.model.trim() === '') {
    throw new EmbedderError(EmbedderErrorCode.InvalidInput, 'embedding model must not be empty');
  }
  if (!EMBEDDING_LEVELS.includes(key.level)) {
    throw new EmbedderError(
      EmbedderErrorCode.InvalidInput,
      `embedding level "${String(key.level)}" is not one of ${EMBEDDING_LEVELS.join(', ')}`,
    );
  }
  return `${key.attribute}-${key.level}-${key.model}`;
}
