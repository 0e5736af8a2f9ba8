import type { AnyRecord, EntityDecl, UserRecord } from '../../model/index.ts';
import { drop, keep, type PipelineContext, type StageOutcome } from './outcome.ts';

const STAFF_ROLES = new Set([
  'teacher', 'administrator', 'aide', 'proctor', 'principal', 'counselor',
  'districtAdministrator', 'siteAdministrator', 'systemAdministrator',
]);
const CONTACT_ROLES = new Set(['guardian', 'parent', 'relative']);

/**
 * Staff mode: with `teaching`, a user whose roles are all staff roles is kept only while they teach
 * a kept class; students, guardians and anyone with another role are untouched. `all` keeps every
 * staff member the source has.
 */
export function applyStaffMode(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  if (entity.name !== 'users' || ctx.rules.staffMode !== 'teaching') return keep(record);
  const user = record as UserRecord;
  const staffOnly = user.roles.length > 0 && user.roles.every((r) => STAFF_ROLES.has(r.role));
  if (staffOnly && !ctx.teachingUsers.has(user.sourcedId)) return drop(`staff member ${user.sourcedId} teaches no imported class`);
  return keep(record);
}

/**
 * Emergency contacts off: a person who is only a contact (guardian, parent or relative roles) and
 * is flagged as an emergency contact is left out; everyone else loses the flag. On: unchanged.
 */
export function applyEmergencyContacts(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  if (entity.name !== 'users' || ctx.rules.emergencyContacts !== false) return keep(record);
  const user = record as UserRecord;
  if (user.emergencyContact !== true) return keep(record);
  if (user.roles.every((r) => CONTACT_ROLES.has(r.role))) return drop(`${user.sourcedId} is an emergency contact and emergency contacts are off`);
  const { emergencyContact: _flag, ...rest } = user;
  return keep(rest, true);
}
