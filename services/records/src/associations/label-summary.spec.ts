import { summarize, type SummaryInput } from './label-summary.js';

const input = (p: Partial<SummaryInput>): SummaryInput => ({
  source: 'MANUAL',
  labelId: 'yes',
  userId: null,
  sourceId: null,
  confidence: null,
  start: null,
  end: null,
  ...p,
});

describe('label summary', () => {
  it('is null without associations', () => {
    expect(summarize('CLASSIFICATION', [])).toBeNull();
  });

  it('summarizes every source for the browser', () => {
    const summary = summarize('CLASSIFICATION', [
      input({ userId: 'ada', labelId: 'yes' }),
      input({ userId: 'bob', labelId: 'no' }),
      input({ source: 'GOLD', userId: 'owner', labelId: 'no' }),
      input({ source: 'HEURISTIC', sourceId: 'lf-1', labelId: 'yes', confidence: 0.9 }),
      input({ source: 'HEURISTIC', sourceId: 'lf-2', labelId: 'yes' }),
      input({ source: 'WEAK_SUPERVISION', sourceId: 't', labelId: 'yes', confidence: 0.81 }),
    ]);
    expect(summary).toEqual({
      manual: ['no', 'yes'],
      manualBy: ['ada|yes', 'bob|no'],
      gold: ['no'],
      reference: ['no'],
      heuristics: ['yes'],
      heuristicBy: ['lf-1|yes', 'lf-2|yes'],
      weakSupervision: ['yes'],
      weakSupervisionConfidence: 0.81,
    });
  });
});
