/**
 * Totals of collection queries (`X-Total-Count`), remembered while the table has not changed, so
 * paging through a collection does not count the whole district again for every page. A total is
 * reused only when the table's stamp (its latest dateLastModified: every upsert, deletion and
 * relationship bump moves it) is the one it was counted under, and for at most `ttlMs` — which
 * bounds how long a change that does not move the stamp (a tombstone purge in another process)
 * can go unseen. One cache per app, passed in; never module state.
 */
export interface CountCache {
  get(key: string, stamp: string, nowMs: number): number | undefined;
  set(key: string, stamp: string, nowMs: number, total: number): void;
  /** Forget everything (after a purge in this process). */
  clear(): void;
}

export function createCountCache(options: { ttlMs?: number; maxEntries?: number } = {}): CountCache {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 2_000;
  const entries = new Map<string, { stamp: string; at: number; total: number }>();
  return {
    get(key, stamp, nowMs) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.stamp !== stamp || nowMs - entry.at > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.total;
    },
    set(key, stamp, nowMs, total) {
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { stamp, at: nowMs, total });
    },
    clear() {
      entries.clear();
    },
  };
}
