/**
 * The pages of one collection, fetched one after another (the next page is known only once the
 * previous one has arrived) by a pump that runs ahead of the caller: while the caller works
 * through one page, up to `ahead` more arrive, so the provider is never left waiting for us. Only
 * one request is in flight at a time, and at most `ahead` arrived pages wait in memory.
 *
 * `after(page)` says how to fetch the page after `page`, or undefined when it was the last; it is
 * called in page order. A failure — of a fetch or of `after` — reaches the caller where that page
 * would have been, after the pages before it. A caller that stops early stops the pump.
 */
export async function* readAhead<P>(first: () => Promise<P>, after: (page: P) => (() => Promise<P>) | undefined, ahead: number): AsyncGenerator<P> {
  type Entry = { readonly kind: 'page'; readonly page: P } | { readonly kind: 'end' } | { readonly kind: 'failed'; readonly error: unknown };
  const arrived: Entry[] = [];
  let wakeCaller: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  let stopped = false;
  const push = (entry: Entry): void => {
    arrived.push(entry);
    wakeCaller?.();
    wakeCaller = undefined;
  };
  const pump = async (): Promise<void> => {
    try {
      let fetch: (() => Promise<P>) | undefined = first;
      while (fetch !== undefined && !stopped) {
        const page: P = await fetch();
        fetch = after(page);
        push({ kind: 'page', page });
        while (arrived.length >= ahead && !stopped) await new Promise<void>((resolve) => (wakePump = resolve));
      }
      push({ kind: 'end' });
    } catch (error) {
      push({ kind: 'failed', error });
    }
  };
  void pump();
  try {
    for (;;) {
      while (arrived.length === 0) await new Promise<void>((resolve) => (wakeCaller = resolve));
      const entry = arrived.shift();
      wakePump?.();
      wakePump = undefined;
      if (entry === undefined || entry.kind === 'end') return;
      if (entry.kind === 'failed') throw entry.error;
      yield entry.page;
    }
  } finally {
    stopped = true;
    wakePump?.();
  }
}
