import type { AttendanceEntityName, EntityName } from '../../model/index.ts';
import type { Condition } from './conditions.ts';

/** What one caller may see: a district and, optionally, some of its schools. */
export interface Visibility {
  /**
   * null: no roster data at all. undefined: no district restriction, the listed schools alone
   * decide (an attendance configuration names schools, not a district); then `schoolIds` must be a
   * list, and an entity without a school rule is not visible at all.
   */
  readonly districtId: string | null | undefined;
  readonly schoolIds: readonly string[] | 'all';
}

type SchoolRule =
  /** orgs: the district itself, the allowed schools and orgs whose parent is one of them. */
  | { kind: 'orgs' }
  /** A column naming a school (or, with `district`, the district itself). */
  | { kind: 'column'; column: string; district?: boolean }
  /** users: a role held at an allowed school. */
  | { kind: 'roles' }
  /** A reference to a record of another entity that must itself be visible. */
  | { kind: 'via'; column: string; entity: EntityName };

/**
 * How a school restriction applies to each entity. Entities not listed (academicSessions,
 * categories, resources) are district-wide and stay visible to every access of the district.
 */
const SCHOOL_RULES: Partial<Record<EntityName | AttendanceEntityName, SchoolRule>> = {
  orgs: { kind: 'orgs' },
  // District-level courses are shared by every school.
  courses: { kind: 'column', column: 'org_id', district: true },
  classes: { kind: 'column', column: 'school_id' },
  enrollments: { kind: 'column', column: 'school_id' },
  users: { kind: 'roles' },
  demographics: { kind: 'via', column: 'sourced_id', entity: 'users' },
  lineItems: { kind: 'via', column: 'class_id', entity: 'classes' },
  results: { kind: 'via', column: 'line_item_id', entity: 'lineItems' },
  scoreScales: { kind: 'via', column: 'class_id', entity: 'classes' },
  // An assessment line item without a class belongs to no school: only unrestricted accesses see it.
  assessmentLineItems: { kind: 'via', column: 'class_id', entity: 'classes' },
  assessmentResults: { kind: 'via', column: 'assessment_line_item_id', entity: 'assessmentLineItems' },
  classResources: { kind: 'via', column: 'class_id', entity: 'classes' },
  courseResources: { kind: 'via', column: 'course_id', entity: 'courses' },
  userResources: { kind: 'via', column: 'user_id', entity: 'users' },
  // Attendance records are the school's: visible where their school is.
  attendanceCodes: { kind: 'column', column: 'school_id' },
  dailyAttendance: { kind: 'column', column: 'school_id' },
  periodAttendance: { kind: 'column', column: 'school_id' },
};

function isRuled(entity: string): entity is EntityName | AttendanceEntityName {
  return Object.hasOwn(SCHOOL_RULES, entity);
}

/**
 * The conditions that keep a caller to its district and schools, for rows of `entity`. Pure: the
 * caller adds `district_id = …` for the row itself; references are followed with `inSelect`.
 */
export function schoolConditions(entity: string, visibility: Visibility): Condition[] {
  const schools = visibility.schoolIds;
  if (visibility.districtId === null) return [{ kind: 'never' }];
  const rule = isRuled(entity) ? SCHOOL_RULES[entity] : undefined;
  if (visibility.districtId === undefined && (schools === 'all' || rule === undefined)) return [{ kind: 'never' }];
  if (schools === 'all') return [];
  if (rule === undefined) return [];
  switch (rule.kind) {
    case 'orgs': {
      const own: Condition[] = visibility.districtId === undefined ? [] : [{ kind: 'equals', column: 'sourced_id', value: visibility.districtId }];
      return [
        {
          kind: 'any',
          conditions: [...own, { kind: 'oneOf', column: 'sourced_id', values: schools }, { kind: 'oneOf', column: 'parent_id', values: schools }],
        },
      ];
    }
    case 'column': {
      const districtId = visibility.districtId;
      return [
        rule.district === true && districtId !== undefined
          ? { kind: 'any', conditions: [{ kind: 'oneOf', column: rule.column, values: schools }, { kind: 'equals', column: rule.column, value: districtId }] }
          : { kind: 'oneOf', column: rule.column, values: schools },
      ];
    }
    case 'roles':
      return [{ kind: 'roleOrgOneOf', values: schools }];
    case 'via':
      return [{ kind: 'inSelect', column: rule.column, entity: rule.entity, select: 'sourced_id', where: visibleConditions(rule.entity, visibility) }];
  }
}

/** District and school conditions for rows of `entity` (also used inside subqueries). */
export function visibleConditions(entity: string, visibility: Visibility): Condition[] {
  if (visibility.districtId === null) return [{ kind: 'never' }];
  const district: Condition[] = visibility.districtId === undefined ? [] : [{ kind: 'equals', column: 'district_id', value: visibility.districtId }];
  return [...district, ...schoolConditions(entity, visibility)];
}
