import { cellJson, cellOptionalText, cellText, type Row } from '../access/index.ts';
import { HubError, isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { checkScheduleRule, type ScheduleRule } from './schedule-rule.ts';

/** A connection's schedule as stored. */
export interface ConnectionSchedule {
  readonly connectionId: string;
  readonly rule: ScheduleRule;
  readonly enabled: boolean;
  /** The last slot fired, or when the schedule was set: a slot must be later than this to fire. */
  readonly lastSlot: string;
  readonly updatedAt: string;
}

const COLUMNS = ['connection_id', 'rule', 'enabled', 'last_slot', 'updated_at'] as const;

/**
 * Sets (or replaces) a connection's schedule, enabled. Slots before `now` never fire: setting a
 * 02:00 schedule at 10:00 waits for tomorrow's 02:00 instead of running at once.
 */
export async function setSchedule(db: Db, connectionId: string, rule: ScheduleRule, now: Date): Promise<ConnectionSchedule> {
  const stamp = isoTimestamp(now);
  const values = { rule: JSON.stringify(rule), enabled: 1, last_slot: stamp, updated_at: stamp };
  await db
    .insertInto('sync_schedules')
    .values({ connection_id: connectionId, ...values })
    .onConflict((oc) => oc.column('connection_id').doUpdateSet(values))
    .execute();
  return requireSchedule(db, connectionId);
}

/** Turns a schedule off (kept, so `--show` still says what it was); not an error when there is none. */
export async function disableSchedule(db: Db, connectionId: string, now: Date): Promise<ConnectionSchedule | undefined> {
  await db.updateTable('sync_schedules').set({ enabled: 0, updated_at: isoTimestamp(now) }).where('connection_id', '=', connectionId).execute();
  return getSchedule(db, connectionId);
}

/** Deletes a connection's schedule outright (the connection is being removed); not an error when there is none. */
export async function removeSchedule(db: Db, connectionId: string): Promise<void> {
  await db.deleteFrom('sync_schedules').where('connection_id', '=', connectionId).execute();
}

export async function getSchedule(db: Db, connectionId: string): Promise<ConnectionSchedule | undefined> {
  const row = await db.selectFrom('sync_schedules').select([...COLUMNS]).where('connection_id', '=', connectionId).executeTakeFirst();
  return row === undefined ? undefined : toSchedule(row);
}

export async function listEnabledSchedules(db: Db): Promise<ConnectionSchedule[]> {
  const rows = await db.selectFrom('sync_schedules').select([...COLUMNS]).where('enabled', '=', 1).orderBy('connection_id').execute();
  return rows.map(toSchedule);
}

/**
 * Claims a slot for one scheduler: true for exactly one caller however many race, because the row
 * is updated only while its last slot is earlier (PostgreSQL re-checks the condition after a
 * concurrent update commits; SQLite runs one writer at a time).
 */
export async function claimSlot(db: Db, connectionId: string, slot: Date): Promise<boolean> {
  const stamp = isoTimestamp(slot);
  const result = await db
    .updateTable('sync_schedules')
    .set({ last_slot: stamp })
    .where('connection_id', '=', connectionId)
    .where('enabled', '=', 1)
    .where('last_slot', '<', stamp)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function requireSchedule(db: Db, connectionId: string): Promise<ConnectionSchedule> {
  const found = await getSchedule(db, connectionId);
  if (found === undefined) throw new HubError('internal', `the schedule of connection ${connectionId} was not stored`);
  return found;
}

/** Rows are re-checked on the way out, so a hand-edited rule cannot reach the scheduler unchecked. */
function toSchedule(row: Row): ConnectionSchedule {
  const connectionId = cellText(row, 'connection_id');
  const stored = cellJson(row, 'rule');
  const checked = checkScheduleRule(ruleInput(stored));
  if (!checked.ok) throw new HubError('internal', `the schedule of connection ${connectionId} is stored unreadable: ${checked.problems.join('; ')}`);
  const enabled = row['enabled'];
  return {
    connectionId,
    rule: checked.value,
    enabled: enabled === 1 || enabled === true || enabled === '1',
    lastSlot: cellOptionalText(row, 'last_slot') ?? '',
    updatedAt: cellText(row, 'updated_at'),
  };
}

function ruleInput(stored: unknown): { at?: string; days?: string; cron?: string; timeZone?: string } {
  const r = stored !== null && typeof stored === 'object' ? Object.fromEntries(Object.entries(stored)) : {};
  const text = (key: string): string | undefined => (typeof r[key] === 'string' ? r[key] : undefined);
  const timeZone = text('timeZone');
  if (r['kind'] === 'cron') return { cron: text('cron') ?? '', ...(timeZone === undefined ? {} : { timeZone }) };
  const pad = (key: string): string => String(typeof r[key] === 'number' ? r[key] : '').padStart(2, '0');
  return { at: `${pad('hour')}:${pad('minute')}`, days: text('days') ?? '', ...(timeZone === undefined ? {} : { timeZone }) };
}
