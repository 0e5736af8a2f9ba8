/**
 * Counts the API requests each access has in flight, so one vendor's burst cannot take every
 * database connection: `acquire` refuses beyond `max`; `release` is idempotent per ticket, so
 * the two places that may end a request (response sent, connection closed) can both call it.
 * One instance per app (created when the plugin registers), never module-level.
 */
export interface InFlightLimit {
  /** A release function, or undefined when the key is at its limit. */
  acquire(key: string): (() => void) | undefined;
  inFlight(key: string): number;
}

export function createInFlightLimit(max: number): InFlightLimit {
  const counts = new Map<string, number>();
  return {
    acquire(key) {
      const current = counts.get(key) ?? 0;
      if (current >= max) return undefined;
      counts.set(key, current + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    inFlight: (key) => counts.get(key) ?? 0,
  };
}
