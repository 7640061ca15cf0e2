import { pythonVariableOf } from './python-variable.js';

describe('pythonVariableOf', () => {
  it('keeps an identifier as it is', () => {
    expect(pythonVariableOf('country_related', new Set())).toBe('country_related');
  });

  it('turns spaces and punctuation into one underscore', () => {
    expect(pythonVariableOf('not clickbait!', new Set())).toBe('not_clickbait');
    expect(pythonVariableOf('Städte & Länder', new Set())).toBe('Stadte_Lander');
  });

  it('never starts with a digit and never is a keyword', () => {
    expect(pythonVariableOf('2nd list', new Set())).toBe('_2nd_list');
    expect(pythonVariableOf('import', new Set())).toBe('_import');
  });

  it('falls back to "list" when nothing usable is left', () => {
    expect(pythonVariableOf('???', new Set())).toBe('list');
  });

  it('appends a number when the name is taken', () => {
    expect(pythonVariableOf('cities', new Set(['cities', 'cities_2']))).toBe('cities_3');
  });
});
