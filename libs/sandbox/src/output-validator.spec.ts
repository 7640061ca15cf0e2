import { checkOutput } from './output-validator.js';
import { DEFAULT_LIMITS } from './sandbox-limits.js';
import type { SandboxRecord } from './sandbox-types.js';

const record: SandboxRecord = { id: 'r', data: { text: 'hello world' } };
const limits = { ...DEFAULT_LIMITS, maxOutputChars: 20, maxSpansPerRecord: 2 };

describe('checkOutput', () => {
  it('treats null and undefined as an abstention for every kind', () => {
    for (const kind of ['classification', 'multi-label', 'extraction', 'attribute'] as const) {
      expect(checkOutput(undefined, record, { kind, attributeType: 'TEXT', targetAttribute: 'text', limits })).toEqual({ ok: true, value: null });
    }
  });

  it('checks classification labels', () => {
    expect(checkOutput('yes', record, { kind: 'classification', limits })).toEqual({ ok: true, value: 'yes' });
    expect(checkOutput(3, record, { kind: 'classification', limits })).toMatchObject({ ok: false, reason: 'wrong-type' });
    expect(checkOutput('x'.repeat(21), record, { kind: 'classification', limits })).toMatchObject({ ok: false, reason: 'output-limit' });
  });

  it('checks multi-label lists', () => {
    expect(checkOutput(['a', 'a', 'b'], record, { kind: 'multi-label', limits })).toEqual({ ok: true, value: ['a', 'b'] });
    expect(checkOutput([], record, { kind: 'multi-label', limits })).toEqual({ ok: true, value: null });
    expect(checkOutput(['a', 1], record, { kind: 'multi-label', limits })).toMatchObject({ ok: false, message: 'element 1 must be a label name (string), got number 1' });
  });

  it('checks spans against the target attribute', () => {
    const ctx = { kind: 'extraction' as const, targetAttribute: 'text', limits: { ...limits, maxOutputChars: 1_000 } };
    expect(checkOutput([['w', 6, 11]], record, ctx)).toEqual({ ok: true, value: [['w', 6, 11]] });
    expect(checkOutput([['w', 6, 12]], record, ctx)).toMatchObject({ ok: false, reason: 'invalid-span' });
    expect(checkOutput([['w', 3, 3]], record, ctx)).toMatchObject({ ok: false, reason: 'invalid-span' });
    expect(checkOutput([['w', 0, 1], ['w', 1, 2], ['w', 2, 3]], record, ctx)).toMatchObject({ ok: false, reason: 'output-limit' });
    expect(checkOutput([['w', 0, 1]], record, { ...ctx, targetAttribute: 'missing' })).toMatchObject({ ok: false, reason: 'invalid-span' });
    expect(checkOutput([{ label: 'w' }], record, ctx)).toMatchObject({ ok: false, reason: 'wrong-type' });
  });

  it('checks attribute values by declared type', () => {
    const ctx = (attributeType: 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'EMBEDDING_LIST' | 'TEXT') => ({ kind: 'attribute' as const, attributeType, limits });
    expect(checkOutput(3, record, ctx('INTEGER'))).toEqual({ ok: true, value: 3 });
    expect(checkOutput(3.5, record, ctx('INTEGER'))).toMatchObject({ ok: false, message: 'expected a safe integer for a INTEGER attribute, got number 3.5' });
    expect(checkOutput(Infinity, record, ctx('FLOAT'))).toMatchObject({ ok: false });
    expect(checkOutput('true', record, ctx('BOOLEAN'))).toMatchObject({ ok: false });
    expect(checkOutput(['a', 2], record, ctx('EMBEDDING_LIST'))).toMatchObject({ ok: false });
    expect(checkOutput('x'.repeat(30), record, ctx('TEXT'))).toMatchObject({ ok: false, reason: 'output-limit' });
  });
});
