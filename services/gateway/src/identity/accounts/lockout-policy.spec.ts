import { lockedUntil } from './lockout-policy.js';

const now = new Date('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe('lockedUntil', () => {
  it('stays open below the threshold', () => {
    expect(lockedUntil([ago(1), ago(2)], now, 3, 60_000)).toBeNull();
  });

  it('locks at the threshold until the oldest counted failure leaves the window', () => {
    expect(lockedUntil([ago(1), ago(10), ago(20)], now, 3, 60_000)).toEqual(new Date(ago(20).getTime() + 60_000));
  });

  it('ignores failures older than the window', () => {
    expect(lockedUntil([ago(1), ago(2), ago(61)], now, 3, 60_000)).toBeNull();
  });

  it('counts only the newest `threshold` failures for the end of the lock', () => {
    expect(lockedUntil([ago(50), ago(1), ago(2), ago(3)], now, 3, 60_000)).toEqual(new Date(ago(3).getTime() + 60_000));
  });
});
