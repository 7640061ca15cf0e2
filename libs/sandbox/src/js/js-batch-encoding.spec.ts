import type { SandboxRecord } from '../sandbox-types.js';
import { encodeBatch } from './js-batch-encoding.js';

const records = (...data: SandboxRecord['data'][]): SandboxRecord[] => data.map((d, i) => ({ id: `r${i}`, data: d }));

describe('encodeBatch', () => {
  it('lists the string values of records sharing their keys in order, other values go as JSON at their positions', () => {
    const batch = encodeBatch(records({ h: 'ab', n: 1 }, { h: '', n: null }, { h: 'é😀', n: ['x'] }, { h: 'z', n: 'str' }), 0, 4);
    expect(batch.strings).toEqual(['ab', '', 'é😀', 'z', 'str']);
    expect(JSON.parse(batch.head)).toEqual({ t: { h: null, n: null }, c: 4, o: [1, 3, 5], v: [1, null, ['x']] });
  });

  it('encodes only the records in [start, end)', () => {
    const batch = encodeBatch(records({ h: 'a' }, { h: 'b' }, { h: 'c' }), 1, 2);
    expect(batch.strings).toEqual(['b']);
    expect(JSON.parse(batch.head)).toEqual({ t: { h: null }, c: 1, o: [], v: [] });
  });

  it.each([
    ['different keys', records({ a: 'x' }, { b: 'x' })],
    ['the same keys in another order', records({ a: 'x', b: 'y' }, { b: 'y', a: 'x' })],
    ['an extra key', records({ a: 'x' }, { a: 'x', b: 'y' })],
    ['an undefined value (JSON leaves the key out)', records({ a: 'x' }, { a: undefined as unknown as string })],
  ])('sends the records themselves as JSON for %s', (_what, batch) => {
    const encoded = encodeBatch(batch, 0, batch.length);
    expect(encoded.strings).toEqual([]);
    expect(JSON.parse(encoded.head)).toEqual(JSON.parse(JSON.stringify(batch.map((r) => r.data))));
  });

  it('keeps a key named __proto__ as an own key of the template', () => {
    const data = JSON.parse('{"__proto__": "p", "a": "b"}') as SandboxRecord['data'];
    const head = JSON.parse(encodeBatch(records(data), 0, 1).head) as { t: object };
    expect(Object.keys(head.t)).toEqual(['__proto__', 'a']);
  });

  it('encodes an empty range', () => {
    expect(JSON.parse(encodeBatch(records({ a: 'x' }), 1, 1).head)).toMatchObject({ c: 0 });
  });
});
