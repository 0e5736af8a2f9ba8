/** Calendar arithmetic on `YYYY-MM-DD` dates, always in UTC so the output never depends on the host's zone. */

const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dateMs(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`);
}

export function addDays(date: string, days: number): string {
  return isoDate(dateMs(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dateMs(to) - dateMs(from)) / DAY_MS);
}

/** The first date on or after year-month-day that falls on `weekday` (0 = Sunday … 6 = Saturday). */
export function weekdayOnOrAfter(year: number, month: number, day: number, weekday: number): string {
  const start = Date.UTC(year, month - 1, day);
  const shift = (weekday - new Date(start).getUTCDay() + 7) % 7;
  return isoDate(start + shift * DAY_MS);
}

/** The date itself on a weekday, else the Monday after. */
export function schoolDay(date: string): string {
  const weekday = new Date(dateMs(date)).getUTCDay();
  return weekday === 6 ? addDays(date, 2) : weekday === 0 ? addDays(date, 1) : date;
}

/** The ISO date-time at midnight UTC of a date, the form line items carry. */
export function midnightUtc(date: string): string {
  return `${date}T00:00:00.000Z`;
}
