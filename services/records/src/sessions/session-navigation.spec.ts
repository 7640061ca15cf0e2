import { targetPosition } from './session-navigation.js';

describe('session navigation', () => {
  it('moves one step and stays inside the session', () => {
    expect(targetPosition(3, 0, 'next')).toBe(1);
    expect(targetPosition(3, 2, 'next')).toBe(2);
    expect(targetPosition(3, 0, 'previous')).toBe(0);
    expect(targetPosition(3, 1, 2)).toBe(2);
    expect(targetPosition(0, 0, 'next')).toBe(0);
  });
});
