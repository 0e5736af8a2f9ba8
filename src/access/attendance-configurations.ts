import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { recordChange } from './audit.ts';
import { cellStringArray, cellText, jsonCell, type Row } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';
import { requireSchools } from './org-checks.ts';

/** Which entities (schools) a vendor may read attendance for. */
export interface AttendanceConfiguration {
  readonly id: string;
  readonly description: string;
  readonly schoolIds: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AttendanceConfigurationInput {
  description: string;
  schoolIds: readonly string[];
}

const COLUMNS = ['id', 'description', 'school_ids', 'created_at', 'updated_at'] as const;

export async function listAttendanceConfigurations(db: Db): Promise<AttendanceConfiguration[]> {
  const rows = await db.selectFrom('access_attendance_configurations').select([...COLUMNS]).orderBy('description').orderBy('id').execute();
  return rows.map(toConfiguration);
}

export async function getAttendanceConfiguration(db: Db, id: string): Promise<AttendanceConfiguration | undefined> {
  const row = await db.selectFrom('access_attendance_configurations').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toConfiguration(row);
}

export async function addAttendanceConfiguration(db: Db, ctx: ChangeContext, input: AttendanceConfigurationInput): Promise<AttendanceConfiguration> {
  const description = input.description.trim();
  const schoolIds = [...new Set(input.schoolIds.map((s) => s.trim()).filter((s) => s !== ''))];
  const problems: string[] = [];
  if (description === '') problems.push('description is required');
  if (schoolIds.length === 0) problems.push('select at least one entity (school)');
  if (problems.length > 0) throw new HubError('invalid_argument', `attendance configuration is invalid: ${problems.join('; ')}`, { details: problems });
  return inTransaction(db, async (trx) => {
    await requireSchools(trx, schoolIds);
    const now = isoTimestamp(ctx.clock.now());
    const id = newId();
    await trx.insertInto('access_attendance_configurations').values({ id, description, school_ids: jsonCell(schoolIds), created_at: now, updated_at: now }).execute();
    const created = await getAttendanceConfiguration(trx, id);
    if (created === undefined) throw new HubError('internal', 'attendance configuration vanished after insert');
    await recordChange(trx, ctx, { action: 'attendance_configuration.add', targetType: 'attendance_configuration', targetId: id, before: null, after: created });
    return created;
  });
}

function toConfiguration(row: Row): AttendanceConfiguration {
  return {
    id: cellText(row, 'id'),
    description: cellText(row, 'description'),
    schoolIds: cellStringArray(row, 'school_ids') ?? [],
    createdAt: cellText(row, 'created_at'),
    updatedAt: cellText(row, 'updated_at'),
  };
}
