/** A window of the school-year rollover in which a connection pauses or keeps every record. */
export interface RolloverWindow {
  /** First and last day, inclusive, in the connection's time zone (YYYY-MM-DD). */
  readonly from: string;
  readonly to: string;
  /** `pause`: no run starts. `freezeDeletes`: runs import, but delete nothing. */
  readonly mode: 'pause' | 'freezeDeletes';
  readonly note?: string;
}

export type RolloverState = 'normal' | 'paused' | 'deletesFrozen';

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** What the rollover calendar says for now; a pause wins over a freeze when windows overlap. */
export function rolloverState(windows: readonly RolloverWindow[], now: Date, timeZone: string): RolloverState {
  const today = dayIn(now, timeZone);
  const active = windows.filter((w) => w.from <= today && today <= w.to);
  if (active.some((w) => w.mode === 'pause')) return 'paused';
  return active.length > 0 ? 'deletesFrozen' : 'normal';
}
