import { Cron } from 'croner';

/**
 * When a connection syncs, as a pure value. Two ways to say it: the Claris Connect way (an hour and
 * minute in a time zone, on weekdays, weekends or every day) or a five-field cron expression, also
 * read in a time zone. Both become one cron pattern, so one function computes run times for both.
 */
export const DAY_SETS = { weekdays: '1-5', weekends: '0,6', 'every day': '*' } as const;
export type DaySet = keyof typeof DAY_SETS;

export type ScheduleRule =
  | { readonly kind: 'daily'; readonly hour: number; readonly minute: number; readonly days: DaySet; readonly timeZone: string }
  | { readonly kind: 'cron'; readonly cron: string; readonly timeZone: string };

/** What an admin types: `--at 02:00 --days weekdays --time-zone America/Chicago`, or `--cron '0 2 * * 1-5'`. */
export interface ScheduleRuleInput {
  at?: string;
  days?: string;
  cron?: string;
  timeZone?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

const DEFAULT_TIME_ZONE = 'UTC';

/** The cron pattern a rule stands for (minute hour day-of-month month day-of-week). */
export function cronPatternOf(rule: ScheduleRule): string {
  return rule.kind === 'cron' ? rule.cron : `${rule.minute} ${rule.hour} * * ${DAY_SETS[rule.days]}`;
}

/** A croner object used only to compute times: without a callback it never starts a timer. */
export function cronOf(rule: ScheduleRule): Cron {
  return new Cron(cronPatternOf(rule), { timezone: rule.timeZone, mode: '5-part' });
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every problem at once, in plain words. */
export function checkScheduleRule(input: ScheduleRuleInput): Checked<ScheduleRule> {
  const problems: string[] = [];
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timeZone)) problems.push(`time zone '${timeZone}' is not an IANA time zone (e.g. America/Chicago)`);
  if (input.cron !== undefined && (input.at !== undefined || input.days !== undefined)) problems.push('give either --cron or --at (with --days), not both');
  if (input.cron === undefined && input.at === undefined) problems.push('give a time (--at HH:MM) or a cron expression (--cron)');
  if (input.cron !== undefined) {
    const cron = input.cron.trim().replace(/\s+/g, ' ');
    const problem = cronProblem(cron, isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE);
    if (problem !== undefined) problems.push(problem);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { kind: 'cron', cron, timeZone } };
  }
  const time = /^(\d{1,2}):(\d{2})$/.exec(input.at?.trim() ?? '');
  const hour = time === null ? Number.NaN : Number(time[1]);
  const minute = time === null ? Number.NaN : Number(time[2]);
  if (input.at !== undefined && !(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) problems.push(`--at '${input.at}' is not a time of day HH:MM (00:00 to 23:59)`);
  const days = daySet(input.days ?? 'every day');
  if (days === undefined) problems.push(`--days '${input.days ?? ''}' must be weekdays, weekends or 'every day'`);
  if (problems.length > 0 || days === undefined) return { ok: false, problems };
  return { ok: true, value: { kind: 'daily', hour, minute, days, timeZone } };
}

function daySet(text: string): DaySet | undefined {
  const normal = text.trim().toLowerCase().replace(/[-_\s]+/g, ' ');
  if (normal === 'weekdays' || normal === 'weekends' || normal === 'every day') return normal;
  return normal === 'everyday' || normal === 'daily' ? 'every day' : undefined;
}

/** Five fields only: a sync is planned to the minute, and seconds would let a typo fire 60 times a minute. */
function cronProblem(cron: string, timeZone: string): string | undefined {
  if (cron.split(' ').length !== 5) return `cron expression '${cron}' must have five fields (minute hour day-of-month month day-of-week)`;
  try {
    const next = new Cron(cron, { timezone: timeZone, mode: '5-part' }).nextRun();
    return next === null ? `cron expression '${cron}' never fires` : undefined;
  } catch (cause) {
    return `cron expression '${cron}' is not valid: ${cause instanceof Error ? cause.message.replace(/^CronPattern: /, '') : String(cause)}`;
  }
}
