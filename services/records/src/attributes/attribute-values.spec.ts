import { checkRecordData, valueProblem } from './attribute-values.js';

describe('attribute values', () => {
  it('accepts values of the attribute type and null', () => {
    expect(valueProblem('TEXT', 'a')).toBeNull();
    expect(valueProblem('INTEGER', 3)).toBeNull();
    expect(valueProblem('FLOAT', 0.5)).toBeNull();
    expect(valueProblem('BOOLEAN', false)).toBeNull();
    expect(valueProblem('EMBEDDING_LIST', ['a'])).toBeNull();
    expect(valueProblem('CATEGORY', null)).toBeNull();
  });

  it('explains a mismatch', () => {
    expect(valueProblem('INTEGER', 1.5)).toBe('expected an INTEGER, got 1.5');
    expect(valueProblem('TEXT', ['a'])).toBe('expected TEXT (a string), got a list');
    expect(valueProblem('BOOLEAN', 'true')).toBe('expected a BOOLEAN, got "true"');
  });

  it('reports unknown attributes and fills missing ones with null unless partial', () => {
    const attrs = [
      { name: 'id', dataType: 'INTEGER' as const },
      { name: 'text', dataType: 'TEXT' as const },
    ];
    expect(checkRecordData(attrs, { id: 1, extra: 'x' }, false)).toEqual({
      data: { id: 1, text: null },
      problems: [{ field: 'extra', message: 'unknown attribute' }],
    });
    expect(checkRecordData(attrs, { text: 'x' }, true)).toEqual({ data: { text: 'x' }, problems: [] });
  });
});
