import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/sync/client/read-ahead.ts';

/** A fake provider of numbered pages, each fetch resolved by hand, so a test sees what is in flight. */
function pages(last: number) {
  const started: number[] = [];
  const waiting = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  const fetch = (n: number) => (): Promise<number> => {
    started.push(n);
    return new Promise<number>((resolve, reject) => waiting.set(n, { resolve, reject }));
  };
  const arrive = async (n: number): Promise<void> => {
    for (let i = 0; i < 20 && !waiting.has(n); i++) await Promise.resolve();
    const w = waiting.get(n);
    if (w === undefined) throw new Error(`page ${n} was never asked for`);
    waiting.delete(n);
    w.resolve(n);
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const fail = (n: number, error: Error): void => waiting.get(n)?.reject(error);
  const after = (n: number): (() => Promise<number>) | undefined => (n < last ? fetch(n + 1) : undefined);
  return { started, fetch, arrive, fail, after };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('reading pages ahead of the caller', () => {
  it('hands every page over in order and ends after the last', async () => {
    const p = pages(4);
    const iterator = readAhead(p.fetch(1), p.after, 2);
    const got: number[] = [];
    const reading = (async () => {
      for await (const n of iterator) got.push(n);
    })();
    for (const n of [1, 2, 3, 4]) await p.arrive(n);
    await reading;
    expect(got).toEqual([1, 2, 3, 4]);
    expect(p.started).toEqual([1, 2, 3, 4]);
  });

  it('asks for one page at a time and lets at most `ahead` arrive before the caller takes them', async () => {
    const p = pages(10);
    const iterator = readAhead(p.fetch(1), p.after, 2);
    const first = iterator.next();
    await p.arrive(1);
    expect((await first).value).toBe(1);
    // The caller holds page 1: pages 2 and 3 may arrive meanwhile, never page 4, and one request at a time.
    expect(p.started).toEqual([1, 2]);
    await p.arrive(2);
    expect(p.started).toEqual([1, 2, 3]);
    await p.arrive(3);
    await settle();
    expect(p.started).toEqual([1, 2, 3]);
    // Taking page 2 makes room for one more.
    expect((await iterator.next()).value).toBe(2);
    await settle();
    expect(p.started).toEqual([1, 2, 3, 4]);
    await iterator.return(undefined);
  });

  it('gives a failure where its page would have been, after the pages before it', async () => {
    const p = pages(5);
    const iterator = readAhead(p.fetch(1), p.after, 2);
    const got: number[] = [];
    const reading = (async () => {
      for await (const n of iterator) got.push(n);
    })();
    await p.arrive(1);
    await p.arrive(2);
    p.fail(3, new Error('the provider answered 500'));
    await expect(reading).rejects.toThrow('the provider answered 500');
    expect(got).toEqual([1, 2]);
  });

  it('gives a failure of `after` before the page that named the bad next one', async () => {
    const iterator = readAhead(
      async () => 1,
      (n) => {
        if (n === 2) throw new Error('loop');
        return async () => n + 1;
      },
      2,
    );
    const got: number[] = [];
    await expect((async () => {
      for await (const n of iterator) got.push(n);
    })()).rejects.toThrow('loop');
    expect(got).toEqual([1]);
  });

  it('stops asking when the caller stops, and a page failing afterwards goes unnoticed', async () => {
    const p = pages(10);
    const iterator = readAhead(p.fetch(1), p.after, 2);
    const first = iterator.next();
    await p.arrive(1);
    expect((await first).value).toBe(1);
    await iterator.return(undefined);
    p.fail(2, new Error('late failure'));
    await settle();
    expect(p.started).toEqual([1, 2]);
  });
});
