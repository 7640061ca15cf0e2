import { ShortCache } from './short-cache.js';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve: (v: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ShortCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000));

  it('reuses a value within the TTL and loads again after it', async () => {
    const cache = new ShortCache<string>(100, 10, clock);
    let loads = 0;
    const load = async (): Promise<string> => `v${++loads}`;
    expect(await cache.get('k', load)).toBe('v1');
    now += 99;
    expect(await cache.get('k', load)).toBe('v1');
    now += 1;
    expect(await cache.get('k', load)).toBe('v2');
    expect(loads).toBe(2);
  });

  it('keeps negative answers (null) like any other value', async () => {
    const cache = new ShortCache<string | null>(100, 10, clock);
    let loads = 0;
    const load = async (): Promise<null> => (loads++, null);
    await cache.get('k', load);
    expect(await cache.get('k', load)).toBeNull();
    expect(loads).toBe(1);
  });

  it('loads again after invalidate and after clear', async () => {
    const cache = new ShortCache<number>(100, 10, clock);
    let n = 0;
    const load = async () => ++n;
    await cache.get('a', load);
    cache.invalidate('a');
    expect(await cache.get('a', load)).toBe(2);
    cache.clear();
    expect(await cache.get('a', load)).toBe(3);
  });

  it('does not keep a value whose load overlapped an invalidation', async () => {
    const cache = new ShortCache<string>(100, 10, clock);
    const slow = deferred<string>();
    const pending = cache.get('k', () => slow.promise);
    cache.invalidate('k'); // e.g. the token was revoked while its old state was being read
    slow.resolve('stale');
    expect(await pending).toBe('stale');
    expect(await cache.get('k', async () => 'fresh')).toBe('fresh');
  });

  it('evicts the oldest entry when full', async () => {
    const cache = new ShortCache<string>(100, 2, clock);
    await cache.get('a', async () => 'a1');
    await cache.get('b', async () => 'b1');
    await cache.get('c', async () => 'c1');
    expect(await cache.get('a', async () => 'a2')).toBe('a2');
    expect(await cache.get('c', async () => 'c2')).toBe('c1');
  });
});
