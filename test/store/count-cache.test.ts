import { describe, expect, it } from 'vitest';
import { createCountCache } from '../../src/store/index.ts';

describe('the collection count cache', () => {
  it('answers a total only under the stamp it was counted with', () => {
    const cache = createCountCache();
    cache.set('users?district=d1', 'T1|3', 0, 42);
    expect(cache.get('users?district=d1', 'T1|3', 10)).toBe(42);
    expect(cache.get('users?district=d1', 'T1|4', 10)).toBeUndefined();
    // A miss under a new stamp forgets the old entry.
    expect(cache.get('users?district=d1', 'T1|3', 10)).toBeUndefined();
  });

  it('forgets a total after its time bound, and on clear', () => {
    const cache = createCountCache({ ttlMs: 1000 });
    cache.set('k', 's', 0, 1);
    expect(cache.get('k', 's', 1000)).toBe(1);
    expect(cache.get('k', 's', 1001)).toBeUndefined();
    cache.set('k', 's', 0, 1);
    cache.clear();
    expect(cache.get('k', 's', 0)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const cache = createCountCache({ maxEntries: 2 });
    cache.set('a', 's', 0, 1);
    cache.set('b', 's', 0, 2);
    cache.set('c', 's', 0, 3);
    expect([cache.get('a', 's', 0), cache.get('b', 's', 0), cache.get('c', 's', 0)]).toEqual([undefined, 2, 3]);
  });
});
