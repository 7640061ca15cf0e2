import { cellKind } from './cell-kind.js';
import { convertCell } from './convert-cell.js';

describe('cellKind', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    [null, 'empty'],
    ['0', 'integer'],
    [0, 'integer'],
    ['-12', 'integer'],
    ['+7', 'integer'],
    ['007', 'text'],
    ['12345678901234567890', 'text'],
    ['1.5', 'float'],
    ['-.5', 'float'],
    ['1e3', 'float'],
    [2.5, 'float'],
    ['NaN', 'text'],
    ['1,5', 'text'],
    ['TRUE', 'boolean'],
    ['false', 'boolean'],
    [true, 'boolean'],
    ['yes', 'text'],
    ['["a", "b"]', 'list'],
    [['a'], 'list'],
    ['[1, 2]', 'text'],
    [[1, 2], 'text'],
    [{ a: 1 }, 'object'],
    ['hello', 'text'],
  ])('%j is %s', (cell, kind) => {
    expect(cellKind(cell)).toBe(kind);
  });
});

describe('convertCell', () => {
  it('converts to each type', () => {
    expect(convertCell(' 42 ', 'INTEGER')).toEqual({ ok: true, value: 42 });
    expect(convertCell('0', 'INTEGER')).toEqual({ ok: true, value: 0 });
    expect(convertCell('4', 'FLOAT')).toEqual({ ok: true, value: 4 });
    expect(convertCell('True', 'BOOLEAN')).toEqual({ ok: true, value: true });
    expect(convertCell('["x"]', 'EMBEDDING_LIST')).toEqual({ ok: true, value: ['x'] });
    expect(convertCell(5, 'TEXT')).toEqual({ ok: true, value: '5' });
    expect(convertCell(['a'], 'TEXT')).toEqual({ ok: true, value: '["a"]' });
    expect(convertCell('', 'INTEGER')).toEqual({ ok: true, value: null });
  });

  it('says why a value does not convert', () => {
    expect(convertCell('abc', 'INTEGER')).toMatchObject({ ok: false, code: 'UNPARSEABLE_NUMBER' });
    expect(convertCell('3.5', 'INTEGER')).toMatchObject({ ok: false, code: 'UNPARSEABLE_NUMBER' });
    expect(convertCell('x', 'FLOAT')).toMatchObject({ ok: false, code: 'UNPARSEABLE_NUMBER' });
    expect(convertCell('maybe', 'BOOLEAN')).toMatchObject({ ok: false, code: 'INVALID_VALUE' });
    expect(convertCell('a,b', 'EMBEDDING_LIST')).toMatchObject({
      ok: false,
      code: 'INVALID_VALUE',
    });
    expect(convertCell({ a: 1 }, 'TEXT')).toMatchObject({ ok: false, code: 'INVALID_VALUE' });
  });
});
