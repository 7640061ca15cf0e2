import { decodeCursor, encodeCursor, takeBounded } from './export-cursor.js';

describe('records-part export cursor', () => {
  it('starts at the first collection on the given generation and round-trips', () => {
    expect(decodeCursor(null, 7)).toEqual({ c: 0, o: -1, g: 7 });
    expect(decodeCursor(encodeCursor({ c: 4, o: 1_999, g: 7 }), 8)).toEqual({ c: 4, o: 1_999, g: 7 });
  });

  it.each(['not json', '{"c":1}', '[1,2,3]', '{"c":"1","o":0,"g":1}'])('refuses %j as a cursor', (text) => {
    expect(() => decodeCursor(text, 1)).toThrow('payload.cursor: not a cursor of this export');
  });
});

describe('takeBounded', () => {
  const size = (s: string) => s.length;
  it('stops at the item limit or before the byte limit, from the offset', () => {
    expect(takeBounded(['a', 'b', 'c', 'd'], 1, 2, 1_000, size)).toEqual(['b', 'c']);
    expect(takeBounded(['aaaa', 'bbbb', 'cccc'], 0, 10, 12, size)).toEqual(['aaaa', 'bbbb']);
  });

  it('always takes one item, however big', () => {
    expect(takeBounded(['x'.repeat(50), 'y'], 0, 10, 10, size)).toEqual(['x'.repeat(50)]);
    expect(takeBounded(['a'], 1, 10, 10, size)).toEqual([]);
  });
});
