import { quantile } from './load-generator.js';
import { cpuBetween } from './process-cpu.js';

describe('quantile (nearest rank, exact)', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the value at the rank ceil(q·n)', () => {
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
  });

  it('clamps to the smallest value for q = 0 and answers NaN for no samples', () => {
    expect(quantile(sorted, 0)).toBe(1);
    expect(quantile(new Float64Array(0), 0.99)).toBeNaN();
  });
});

describe('cpuBetween', () => {
  it('sums the growth per process name and ignores processes that were not there before', () => {
    const before = new Map([[1, { name: 'records', cpuMs: 100 }], [2, { name: 'nats-server', cpuMs: 10 }]]);
    const after = new Map([[1, { name: 'records', cpuMs: 350 }], [2, { name: 'nats-server', cpuMs: 30 }], [3, { name: 'late', cpuMs: 5 }]]);
    expect(cpuBetween(before, after)).toEqual({ records: 250, 'nats-server': 20 });
  });
});
