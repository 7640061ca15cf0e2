/** Why an embedder call was refused; the service maps each code to an RPC status. */
export enum EmbedderErrorCode {
  InvalidOptions = 'INVALID_OPTIONS',
  InvalidInput = 'INVALID_INPUT',
  EmptyVocabulary = 'EMPTY_VOCABULARY',
  DimensionMismatch = 'DIMENSION_MISMATCH',
}

export class EmbedderError extends Error {
  constructor(
    readonly code: EmbedderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbedderError';
  }
}

export function invalidOption(field: string, detail: string): EmbedderError {
  return new EmbedderError(EmbedderErrorCode.InvalidOptions, `option "${field}" ${detail}`);
}
