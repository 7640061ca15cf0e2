import { activeLearnerConfigSchema, parseActiveLearnerConfig } from './active-learner-config.js';
import { createClassifier } from './create-classifier.js';
import { LearnerErrorCode } from './learner-error.js';

const EMB = 'headline-classification-distilbert-base-uncased';

describe('active learner configuration', () => {
  it('defaults to logistic regression, its params and minConfidence 0.8', () => {
    expect(parseActiveLearnerConfig({ embedding: EMB })).toEqual({
      embedding: EMB,
      model: 'logistic-regression',
      params: { C: 1, maxIter: 100, tol: 1e-4, standardize: true },
      minConfidence: 0.8,
    });
  });

  it("fills the chosen model's defaults (the quickstart's swap to a decision tree)", () => {
    const config = parseActiveLearnerConfig({
      embedding: EMB,
      model: 'decision-tree',
      params: { maxDepth: 4 },
      minConfidence: 0.9,
    });
    expect(config).toEqual({
      embedding: EMB,
      model: 'decision-tree',
      params: { maxDepth: 4, minSamplesLeaf: 5, minSamplesSplit: 2 },
      minConfidence: 0.9,
    });
    expect(createClassifier(config).name).toBe('decision-tree');
    expect(createClassifier(parseActiveLearnerConfig({ embedding: EMB, model: 'knn' })).name).toBe(
      'knn',
    );
    expect(
      activeLearnerConfigSchema.parse({ embedding: EMB, model: 'knn', params: { k: 3 } }),
    ).toMatchObject({ params: { k: 3, metric: 'euclidean', weights: 'uniform' } });
  });

  it('names every field at fault', () => {
    const fail = (input: unknown): string => {
      try {
        parseActiveLearnerConfig(input);
      } catch (e) {
        expect(e).toMatchObject({ code: LearnerErrorCode.InvalidParams });
        return (e as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(fail({ embedding: '' })).toMatch(/embedding/);
    expect(fail({ embedding: EMB, minConfidence: 1.5 })).toMatch(/minConfidence/);
    expect(fail({ embedding: EMB, model: 'svm' })).toMatch(/model/);
    expect(fail({ embedding: EMB, model: 'decision-tree', params: { C: 1 } })).toMatch(/C/);
    expect(fail({ embedding: EMB, params: { C: -1 } })).toMatch(/params\.C/);
    expect(fail({ embedding: EMB, extra: true })).toMatch(/extra/);
    expect(fail(null)).toMatch(/invalid active learner config/);
    expect(fail([EMB])).toMatch(/invalid active learner config/);
  });
});
