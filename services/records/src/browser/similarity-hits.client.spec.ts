import { similarityTarget } from './similarity-hits.client.js';

describe('similarityTarget', () => {
  it('reads the record and embedding of a SIMILARITY order', () => {
    expect(similarityTarget({ filter: null, order: { kind: 'SIMILARITY', recordId: 'r1', embeddingId: 'e1' } })).toEqual({ recordId: 'r1', embeddingId: 'e1' });
  });

  it('leaves every other shape to the query parser', () => {
    for (const raw of [undefined, null, 'x', {}, { order: null }, { order: { kind: 'DEFAULT' } }, { order: { kind: 'SIMILARITY', recordId: 1, embeddingId: 'e' } }]) {
      expect(similarityTarget(raw)).toBeNull();
    }
  });
});
