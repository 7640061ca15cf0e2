import { formatUptime } from './format';

describe('formatUptime', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [125, '2m 5s'],
    [3_600, '1h'],
    [3_725, '1h 2m'],
    [93_784, '1d 2h'],
  ])('%i s → %s', (seconds, expected) => {
    expect(formatUptime(seconds)).toBe(expected);
  });
});
