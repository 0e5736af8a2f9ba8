import type { EntityName } from '../../model/index.ts';
import type { Condition } from './conditions.ts';

/** What one caller may see: a district and, optionally, some of its schools. */
export interface Visibility {
  /** null: no roster data at all. */
  readonly districtId: string | null;
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
const SCHOOL_RULES: Partial<Record<EntityName, SchoolRule>> = {
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
};

/**
 * The conditions that keep a caller to its district and schools, for rows of `entity`. Pure: the
 * caller adds `district_id = …` for the row itself; references are followed with `inSelect`.
 */
export function schoolConditions(entity: EntityName, visibility: Visibility): Condition[] {
  const schools = visibility.schoolIds;
  if (visibility.districtId === null) return [{ kind: 'never' }];
  if (schools === 'all') return [];
  const rule = SCHOOL_RULES[entity];
  if (rule === undefined) return [];
  switch (rule.kind) {
    case 'orgs':
      return [
        {
          kind: 'any',
          conditions: [
            { kind: 'equals', column: 'sourced_id', value: visibility.districtId },
            { kind: 'oneOf', column: 'sourced_id', values: schools },
            { kind: 'oneOf', column: 'parent_id', values: schools },
          ],
        },
      ];
    case 'column':
      return [
        rule.district === true
          ? { kind: 'any', conditions: [{ kind: 'oneOf', column: rule.column, values: schools }, { kind: 'equals', column: rule.column, value: visibility.districtId }] }
          : { kind: 'oneOf', column: rule.column, values: schools },
      ];
    case 'roles':
      return [{ kind: 'roleOrgOneOf', values: schools }];
    case 'via':
      return [{ kind: 'inSelect', column: rule.column, entity: rule.entity, select: 'sourced_id', where: visibleConditions(rule.entity, visibility) }];
  }
}

/** District and school conditions for rows of `entity` (also used inside subqueries). */
export function visibleConditions(entity: EntityName, visibility: Visibility): Condition[] {
  if (visibility.districtId === null) return [{ kind: 'never' }];
  return [{ kind: 'equals', column: 'district_id', value: visibility.districtId }, ...schoolConditions(entity, visibility)];
}
