import { createHash } from 'node:crypto';
import { remapIdFields, snapshotId } from './snapshot-ids.js';
import { sha256 } from './sha256.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('sha256', () => {
  it.each(['', 'abc', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'ünïcødé ✓ '.repeat(40)])('matches node:crypto for %j', (text) => {
    expect(hex(sha256(text))).toBe(createHash('sha256').update(text).digest('hex'));
  });
});

describe('snapshotId', () => {
  it('is stable for one salt, differs across salts and ids, and is shaped as a UUID', () => {
    const a = snapshotId('salt-0123456789ab', 'task-1');
    expect(snapshotId('salt-0123456789ab', 'task-1')).toBe(a);
    expect(snapshotId('salt-0123456789ac', 'task-1')).not.toBe(a);
    expect(snapshotId('salt-0123456789ab', 'task-2')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('remapIdFields', () => {
  const salt = 'salt-0123456789ab';
  it('remaps strings under fields ending in Id/Ids and leaves every other value alone', () => {
    const query = {
      filter: { kind: 'AND', conditions: [{ kind: 'MANUAL', taskId: 't1', labelIds: ['l1', 'l2'], op: 'IS', by: { userId: 'ada' } }, { kind: 'ATTRIBUTE', attribute: 'headline', value: 't1' }] },
      order: [{ by: 'SIMILARITY', recordId: 'r1' }],
      count: 3,
      empty: null,
    };
    expect(remapIdFields(query, salt)).toEqual({
      filter: {
        kind: 'AND',
        conditions: [
          { kind: 'MANUAL', taskId: snapshotId(salt, 't1'), labelIds: [snapshotId(salt, 'l1'), snapshotId(salt, 'l2')], op: 'IS', by: { userId: 'ada' } },
          { kind: 'ATTRIBUTE', attribute: 'headline', value: 't1' },
        ],
      },
      order: [{ by: 'SIMILARITY', recordId: snapshotId(salt, 'r1') }],
      count: 3,
      empty: null,
    });
  });
});
