import { EmbedderError } from './embedder-error.js';
import { embeddingName, type EmbeddingLevel } from './embedding-name.js';

describe('embeddingName', () => {
  it("follows refinery's <attribute>-<level>-<model> format", () => {
    expect(
      embeddingName({
        attribute: 'headline',
        level: 'classification',
        model: 'distilbert-base-uncased',
      }),
    ).toBe('headline-classification-distilbert-base-uncased');
    expect(embeddingName({ attribute: 'body text', level: 'extraction', model: 'tf-idf' })).toBe(
      'body text-extraction-tf-idf',
    );
  });

  it('rejects an empty attribute or model and an unknown level', () => {
    expect(() =>
      embeddingName({ attribute: ' ', level: 'classification', model: 'tf-idf' }),
    ).toThrow(/attribute must not be empty/);
    expect(() => embeddingName({ attribute: 'a', level: 'classification', model: '' })).toThrow(
      /model must not be empty/,
    );
    expect(() =>
      embeddingName({ attribute: 'a', level: 'token' as EmbeddingLevel, model: 'tf-idf' }),
    ).toThrow(EmbedderError);
  });
});
