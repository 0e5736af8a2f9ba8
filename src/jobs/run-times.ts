import { cronOf, type ScheduleRule } from './schedule-rule.ts';

/**
 * Run times, as pure functions of a rule and an instant. Time zones and daylight saving come from
 * croner: a time that does not exist on a spring-forward night (02:30 in America/Chicago) runs at
 * the first minute that does (03:00); a time that happens twice on a fall-back night runs once.
 */
export function nextRunTimes(rule: ScheduleRule, after: Date, count: number): Date[] {
  return cronOf(rule).nextRuns(count, after);
}

/**
 * The slot a scheduler tick should fire: the latest run time at or before `now` that is later than
 * `since` (the last slot fired, or when the schedule was set). Only the latest: a process that was
 * down over several slots catches up with one run, not a burst of them.
 */
export function dueSlot(rule: ScheduleRule, since: Date, now: Date): Date | undefined {
  // previousRuns is strictly before its reference; one millisecond later includes a slot at `now`.
  const [latest] = cronOf(rule).previousRuns(1, new Date(now.getTime() + 1));
  return latest !== undefined && latest.getTime() > since.getTime() ? latest : undefined;
}
