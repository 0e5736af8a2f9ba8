/** The hub's notion of "now", injected everywhere so tests never sleep. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can move by hand. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Canonical timestamp text: ISO 8601 UTC with milliseconds, fixed width so text order is time order. */
export function isoTimestamp(date: Date): string {
  return date.toISOString();
}
