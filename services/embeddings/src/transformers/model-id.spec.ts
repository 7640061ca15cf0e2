import { isModelId, modelIdProblem } from './model-id.js';

describe('model ids', () => {
  it.each([
    'distilbert-base-uncased',
    'sentence-transformers/all-MiniLM-L6-v2',
    'bert_base.v2',
    'x',
  ])('accepts %s', (id) => expect(isModelId(id)).toBe(true));

  it.each([
    ['', 'is empty'],
    ['a/b/c', 'has more than one "/"'],
    ['../etc', 'has an invalid part ".."'],
    ['/abs', 'has an invalid part ""'],
    ['owner/', 'has an invalid part ""'],
    ['a\\b', 'has an invalid part "a\\b"'],
    ['with space', 'has an invalid part "with space"'],
    ['ok/a..b', 'has ".." in "a..b"'],
    ['x'.repeat(97), 'at most 96 characters'],
  ])('refuses %j: %s', (id, problem) => {
    expect(modelIdProblem(id)).toContain(problem);
    expect(isModelId(id)).toBe(false);
  });
});
