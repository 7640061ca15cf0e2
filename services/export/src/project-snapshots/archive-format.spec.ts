import { AppError } from '@refinery/server-core';
import { partFile } from './archive-format.js';
import { isNoResponders, partError } from './part-calls.js';

describe('partFile', () => {
  it('splits a part file name and refuses everything else', () => {
    expect(partFile('records/slice-members.jsonl')).toEqual({ part: 'records', collection: 'slice-members' });
    for (const name of ['manifest.json', 'records/records.json', '../records/x.jsonl', 'Records/x.jsonl', 'records/sub/x.jsonl']) expect(partFile(name)).toBeNull();
  });
});

describe('part errors', () => {
  it('tells "nobody answers" from other unavailability', () => {
    expect(isNoResponders(new AppError('UNAVAILABLE', 'no service answers x.y.z.v1 (is its owner running?)'))).toBe(true);
    expect(isNoResponders(new AppError('UNAVAILABLE', 'request x.y.z.v1 failed: timeout'))).toBe(false);
    expect(isNoResponders(new AppError('VALIDATION_FAILED', 'no service answers'))).toBe(false);
  });

  it('puts the part in front of the message and keeps code and details', () => {
    const e = partError(new AppError('VALIDATION_FAILED', 'records line 3: id: bad', { line: 3 }), 'part "records" (records/records.jsonl)') as AppError;
    expect(e).toMatchObject({ code: 'VALIDATION_FAILED', message: 'part "records" (records/records.jsonl): records line 3: id: bad', details: { line: 3 } });
  });
});
