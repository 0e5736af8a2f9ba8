/**
 * OneRoster vocabularies. 1.1 enumerations are closed; 1.2 ones marked `extensible` also accept
 * `ext:` tokens. The canonical store keeps the 1.2 value; 1.1 output maps through `toV1p1`.
 */
export interface Vocabulary {
  readonly name: string;
  readonly v1p1: readonly string[];
  readonly v1p2: readonly string[];
  readonly extensible: boolean;
}

const EXT_TOKEN = /^ext:[a-zA-Z0-9.\-_]+$/;

function vocab(name: string, v1p1: readonly string[], v1p2: readonly string[] = v1p1, extensible = true): Vocabulary {
  return { name, v1p1, v1p2, extensible };
}

export const statusVocab = vocab('status', ['active', 'tobedeleted'], ['active', 'tobedeleted'], false);
export const orgTypeVocab = vocab('orgType', ['department', 'district', 'local', 'national', 'school', 'state']);
export const sessionTypeVocab = vocab('sessionType', ['gradingPeriod', 'semester', 'schoolYear', 'term']);
export const classTypeVocab = vocab('classType', ['homeroom', 'scheduled']);
export const roleTypeVocab = vocab('roleType', ['primary', 'secondary'], ['primary', 'secondary'], false);
export const userRoleVocab = vocab(
  'role',
  ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'],
  [
    'aide',
    'counselor',
    'districtAdministrator',
    'guardian',
    'parent',
    'principal',
    'proctor',
    'relative',
    'siteAdministrator',
    'student',
    'systemAdministrator',
    'teacher',
  ],
);
export const enrollmentRoleVocab = vocab(
  'enrollmentRole',
  ['administrator', 'proctor', 'student', 'teacher'],
  ['administrator', 'proctor', 'student', 'teacher'],
);
export const sexVocab = vocab('sex', ['male', 'female'], ['male', 'female', 'unspecified', 'other']);
export const scoreStatusVocab = vocab(
  'scoreStatus',
  ['exempt', 'fully graded', 'not submitted', 'partially graded', 'submitted'],
);
export const importanceVocab = vocab('importance', ['primary', 'secondary'], ['primary', 'secondary'], false);
export const resourceRoleVocab = vocab(
  'resourceRole',
  ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'],
);

/** 1.2 user roles that 1.1 can only call "administrator". */
const V1P2_ADMIN_ROLES = new Set(['districtAdministrator', 'siteAdministrator', 'systemAdministrator', 'principal', 'counselor']);

/** The canonical value accepts either version's word (a 1.1 bundle says "administrator"). */
export function isAcceptedValue(v: Vocabulary, value: string, version: '1.1' | '1.2'): boolean {
  if (version === '1.1') return v.v1p1.includes(value);
  return v.v1p2.includes(value) || (v.extensible && EXT_TOKEN.test(value));
}

/**
 * The stored role values a filter on a role matches: a 1.1 "administrator" is any of 1.2's
 * administrator roles, and a 1.2 district/site administrator may be stored as 1.1's word.
 */
export function storedUserRoles(value: string, version: '1.1' | '1.2'): string[] {
  if (version === '1.1' && value === 'administrator') return ['administrator', ...V1P2_ADMIN_ROLES];
  if (version === '1.2' && (value === 'districtAdministrator' || value === 'siteAdministrator')) return [value, 'administrator'];
  return [value];
}

/** A 1.2 role as 1.1 spells it. */
export function userRoleToV1p1(role: string): string {
  if (V1P2_ADMIN_ROLES.has(role)) return 'administrator';
  return userRoleVocab.v1p1.includes(role) ? role : 'administrator';
}

/** A 1.1 "administrator" as 1.2 spells it, depending on where the role is held. */
export function userRoleToV1p2(role: string, orgType: string | undefined): string {
  if (role !== 'administrator') return role;
  return orgType === 'district' ? 'districtAdministrator' : 'siteAdministrator';
}

// ---- the hub's attendance vocabularies (not OneRoster; closed, no `ext:` tokens) ----------------

export const attendanceCodeKindVocab = vocab('attendanceCodeKind', ['type', 'reason', 'period'], ['type', 'reason', 'period'], false);
export const attendanceCategoryVocab = vocab(
  'attendanceCategory',
  ['present', 'absent', 'tardy', 'excused', 'other'],
  ['present', 'absent', 'tardy', 'excused', 'other'],
  false,
);
export const dailyAttendanceStatusVocab = vocab(
  'dailyAttendanceStatus',
  ['present', 'absent', 'tardy', 'excused', 'partial'],
  ['present', 'absent', 'tardy', 'excused', 'partial'],
  false,
);
