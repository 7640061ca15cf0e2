import { heuristicTypeReason, spacyFeatureReason } from './unsupported-features.js';

describe('unsupported refinery features', () => {
  it('names the spaCy attribute and its line', () => {
    const code = 'def lf(record):\n    for ent in record["headline"].ents:\n        return "x"';
    expect(spacyFeatureReason(code)).toBe(
      "line 2 uses spaCy's .ents, which records here do not have (documents are tokenized text: .text, tokens with .text/.idx/.i, spans)",
    );
    expect(spacyFeatureReason('def lf(r):\n    return r["t"][0].pos_')).toContain('.pos_');
  });

  it('accepts what our documents offer and ignores comments', () => {
    expect(spacyFeatureReason('def lf(record):\n    # no .ents here\n    return record["headline"].text[0].isdigit() and "x"')).toBeNull();
    expect(spacyFeatureReason('def lf(record):\n    return [t.idx for t in record["h"]]')).toBeNull();
  });

  it('keeps heuristics other than labeling functions read-only', () => {
    expect(heuristicTypeReason('LABELING_FUNCTION')).toBeNull();
    expect(heuristicTypeReason('ACTIVE_LEARNING')).toContain('refinery ACTIVE_LEARNING heuristic is not run');
  });
});
