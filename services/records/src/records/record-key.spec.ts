import { recordKey } from './record-key.js';

describe('recordKey', () => {
  it('is unambiguous for composite keys and keeps value types apart', () => {
    expect(recordKey(['a', 'b'], { a: 'x,y', b: 1 })).toBe('["x,y",1]');
    expect(recordKey(['a'], { a: 1 })).not.toBe(recordKey(['a'], { a: '1' }));
  });

  it('names the empty key attribute', () => {
    expect(recordKey(['id', 'lang'], { id: 3, lang: '' })).toEqual({ missing: 'lang' });
    expect(recordKey(['id'], {})).toEqual({ missing: 'id' });
  });
});
