import { HubError } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { nextRunTimes } from './run-times.ts';
import { checkScheduleRule, type ScheduleRuleInput } from './schedule-rule.ts';
import { disableSchedule, getSchedule, setSchedule, type ConnectionSchedule } from './schedules.ts';

/** How many upcoming run times a schedule is shown with. */
export const SHOWN_RUNS = 5;

/** Show it, set it (and turn it on), or turn it off (kept, shown as off). */
export type ScheduleChange = { readonly show: true } | { readonly set: ScheduleRuleInput } | { readonly off: true };

/** A connection's schedule as the CLI and the admin API show it: the rule, and when it fires next. */
export interface ScheduleView {
  readonly schedule: ConnectionSchedule | undefined;
  /** The next SHOWN_RUNS run times; none when there is no schedule or it is off. */
  readonly nextRuns: readonly Date[];
}

/**
 * What `connection schedule` and the admin API's schedule routes do, in one place: the rule is
 * checked in full (every problem listed) before anything is stored.
 */
export async function changeSchedule(db: Db, connectionId: string, change: ScheduleChange, now: Date): Promise<ScheduleView> {
  let schedule: ConnectionSchedule | undefined;
  if ('off' in change) schedule = await disableSchedule(db, connectionId, now);
  else if ('set' in change) {
    const checked = checkScheduleRule(change.set);
    if (!checked.ok) throw new HubError('invalid_argument', `schedule is invalid: ${checked.problems.join('; ')}`, { details: checked.problems });
    schedule = await setSchedule(db, connectionId, checked.value, now);
  } else schedule = await getSchedule(db, connectionId);
  return { schedule, nextRuns: schedule?.enabled === true ? nextRunTimes(schedule.rule, now, SHOWN_RUNS) : [] };
}
