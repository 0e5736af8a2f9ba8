import type { Command } from 'commander';
import { changeSchedule, enqueueRunNow, SHOWN_RUNS, type ConnectionSchedule, type ScheduleChange, type ScheduleRule } from '../../jobs/index.ts';
import { HubError } from '../../kernel/index.ts';
import { resolveConnection } from '../../sync/index.ts';
import { commandContext } from '../context.ts';
import { details } from './access-support.ts';

interface ScheduleOptions {
  at?: string;
  days?: string;
  timeZone?: string;
  cron?: string;
  off?: boolean;
  show?: boolean;
}

/** `Mon 2026-01-12 02:00 America/Chicago (08:00 UTC)`: the zone the admin chose, and UTC beside it. */
function localTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['weekday']} ${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']} ${timeZone} (${instant.toISOString().slice(11, 16)} UTC)`;
}

function describeRule(rule: ScheduleRule): string {
  if (rule.kind === 'cron') return `cron '${rule.cron}' in ${rule.timeZone}`;
  return `${String(rule.hour).padStart(2, '0')}:${String(rule.minute).padStart(2, '0')} ${rule.timeZone}, ${rule.days}`;
}

function describeSchedule(name: string, schedule: ConnectionSchedule | undefined, nextRuns: readonly Date[]): string {
  if (schedule === undefined) return `Connection ${name} has no schedule. Set one: rosterbridge connection schedule ${JSON.stringify(name)} --at 02:00 --time-zone America/Chicago --days weekdays`;
  const lines = details([
    ['Connection', name],
    ['Schedule', describeRule(schedule.rule)],
    ['State', schedule.enabled ? 'on' : 'off (never fires; set a time or cron to turn it on)'],
  ]);
  if (!schedule.enabled) return lines;
  return `${lines}\nNext runs:\n${nextRuns.map((d) => `  ${localTime(d, schedule.rule.timeZone)}`).join('\n')}`;
}

/** `connection schedule` and `connection run-now`: when a connection syncs. */
export function registerConnectionSchedule(group: Command): void {
  group
    .command('schedule <connection>')
    .description('set, turn off or show when a connection syncs (an hour in a time zone on weekdays/weekends/every day, or a cron expression)')
    .option('--at <HH:MM>', 'time of day to run, e.g. 02:00')
    .option('--days <set>', "weekdays, weekends or 'every day' (default every day)")
    .option('--time-zone <zone>', 'IANA time zone the time or cron is read in, e.g. America/Chicago (default UTC)')
    .option('--cron <expression>', "five-field cron expression instead of --at, e.g. '0 2 * * 1-5'")
    .option('--off', 'turn the schedule off (it is kept, and shown as off)')
    .option('--show', `show the schedule and its next ${SHOWN_RUNS} run times (the default when no change is given)`)
    .action(async (reference: string, o: ScheduleOptions, command: Command) => {
      const ctx = commandContext(command);
      const changes = o.at !== undefined || o.cron !== undefined || o.days !== undefined || o.timeZone !== undefined;
      if (o.off === true && changes) throw new HubError('invalid_argument', '--off turns the schedule off; give it without --at, --days, --time-zone or --cron');
      const input = { ...(o.at === undefined ? {} : { at: o.at }), ...(o.days === undefined ? {} : { days: o.days }), ...(o.cron === undefined ? {} : { cron: o.cron }), ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }) };
      const change: ScheduleChange = o.off === true ? { off: true } : changes ? { set: input } : { show: true };
      const outcome = await ctx.withStore(async (store) => {
        const connection = await resolveConnection(store.db, reference);
        return { connection, ...(await changeSchedule(store.db, connection.id, change, store.clock.now())) };
      });
      const { connection, schedule, nextRuns } = outcome;
      ctx.output.result(
        { connection: { id: connection.id, name: connection.name }, schedule: schedule ?? null, nextRuns: nextRuns.map((d) => d.toISOString()) },
        () => describeSchedule(connection.name, schedule, nextRuns),
      );
    });

  group
    .command('run-now <connection>')
    .description('queue a sync of this connection at once; `rosterbridge serve` (or a worker) runs it, never beside another run of it')
    .action(async (reference: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const result = await ctx.withStore(async (store) => {
        const connection = await resolveConnection(store.db, reference);
        return { connection, ...(await enqueueRunNow(store, connection.id)) };
      });
      const { connection, outcome } = result;
      ctx.output.result({ connection: { id: connection.id, name: connection.name }, queue: result.queue, ...outcome }, () =>
        outcome.queued
          ? `Queued a run of ${connection.name} (job ${outcome.jobId}). The scheduler in \`rosterbridge serve\` (or a \`rosterbridge worker\`) runs it; it waits while another run of ${connection.name} is active.`
          : `A run of ${connection.name} is already waiting to start; nothing was added.`,
      );
    });
}
