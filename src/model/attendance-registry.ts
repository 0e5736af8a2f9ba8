import type { AttendanceEntityName } from './attendance-records.ts';
import type { EntityDecl } from './entity.ts';
import { attendanceCodes, dailyAttendance, periodAttendance } from './entities/attendance.ts';

/**
 * The hub's attendance entities, in dependency order (codes before the records that use them).
 * Kept out of ENTITIES on purpose: OneRoster routes, CSV manifests and OpenAPI iterate ENTITIES
 * and must not change (docs/decisions/0006-attendance-model.md).
 */
export const ATTENDANCE_ENTITIES: readonly EntityDecl<AttendanceEntityName>[] = [attendanceCodes, dailyAttendance, periodAttendance];

const BY_NAME = new Map<string, EntityDecl<AttendanceEntityName>>(ATTENDANCE_ENTITIES.map((e) => [e.name, e]));

export function attendanceEntityDecl(name: AttendanceEntityName): EntityDecl<AttendanceEntityName> {
  const decl = BY_NAME.get(name);
  if (decl === undefined) throw new Error(`unknown attendance entity ${name}`);
  return decl;
}
