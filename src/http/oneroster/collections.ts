import { ENTITIES, entityDecl, type AnyEntityDecl, type EntityName, type Version } from '../../model/index.ts';
import type { Condition } from '../../store/index.ts';

/** A REST collection: an entity's own (`/orgs`) or a typed subset of one (`/schools`). */
export interface Collection {
  /** Path segment. */
  readonly name: string;
  readonly entity: AnyEntityDecl;
  /** What makes a record of the entity part of this collection. */
  readonly where: readonly Condition[];
}

/** CSV-only link files: OneRoster REST serves them as nested routes, not as collections. */
const CSV_ONLY: ReadonlySet<EntityName> = new Set(['classResources', 'courseResources', 'userResources']);

const TYPED: ReadonlyArray<{ name: string; entity: EntityName; where: readonly Condition[] }> = [
  { name: 'schools', entity: 'orgs', where: [{ kind: 'equals', column: 'type', value: 'school' }] },
  { name: 'students', entity: 'users', where: [{ kind: 'roleMember', role: 'student' }] },
  { name: 'teachers', entity: 'users', where: [{ kind: 'roleMember', role: 'teacher' }] },
  { name: 'terms', entity: 'academicSessions', where: [{ kind: 'equals', column: 'type', value: 'term' }] },
  { name: 'gradingPeriods', entity: 'academicSessions', where: [{ kind: 'equals', column: 'type', value: 'gradingPeriod' }] },
];

/** Every collection a version serves, derived from the model plus the typed subsets above. */
export function collectionsFor(version: Version): Collection[] {
  const own = ENTITIES.filter((e) => e.versions.includes(version) && !CSV_ONLY.has(e.name)).map<Collection>((entity) => ({ name: entity.name, entity, where: [] }));
  const typed = TYPED.map<Collection>((t) => ({ name: t.name, entity: entityDecl(t.entity), where: t.where }));
  return [...own, ...typed];
}

/**
 * Nested routes as data: `/<parent>/{id}/<child>` lists the child collection's records that `relation`
 * ties to the parent. The parent must be visible to the caller (else 404 unknownobject).
 */
export interface NestedRoute {
  readonly parent: string;
  readonly child: string;
  /** Only in this version (a route the other version's spec does not have). */
  readonly only?: Version;
  relation(parentId: string): Condition[];
}

const enrolledIn = (role: string) => (classId: string): Condition[] => [
  { kind: 'inSelect', column: 'sourced_id', entity: 'enrollments', select: 'user_id', where: [{ kind: 'equals', column: 'class_id', value: classId }, { kind: 'equals', column: 'role', value: role }] },
];
const classesOfUser = (userId: string): Condition[] => [
  { kind: 'inSelect', column: 'sourced_id', entity: 'enrollments', select: 'class_id', where: [{ kind: 'equals', column: 'user_id', value: userId }] },
];
/** Records whose sourcedId a link entity (classResources, lineItems …) names next to the parent. */
const linkedBy = (entity: EntityName, select: string, parentColumn: string) => (id: string): Condition[] => [
  { kind: 'inSelect', column: 'sourced_id', entity, select, where: [{ kind: 'equals', column: parentColumn, value: id }] },
];
const column = (name: string) => (id: string): Condition[] => [{ kind: 'equals', column: name, value: id }];

export const NESTED_ROUTES: readonly NestedRoute[] = [
  { parent: 'schools', child: 'classes', relation: column('school_id') },
  { parent: 'schools', child: 'enrollments', relation: column('school_id') },
  { parent: 'schools', child: 'courses', relation: column('org_id') },
  // The student (teacher) role must be held at that school, not merely some role there.
  { parent: 'schools', child: 'students', relation: (id) => [{ kind: 'roleMember', role: 'student', org: id }] },
  { parent: 'schools', child: 'teachers', relation: (id) => [{ kind: 'roleMember', role: 'teacher', org: id }] },
  {
    parent: 'schools',
    child: 'terms',
    relation: (id) => [{ kind: 'listedBy', entity: 'classes', listColumn: 'terms', where: [{ kind: 'equals', column: 'school_id', value: id }] }],
  },
  { parent: 'classes', child: 'students', relation: enrolledIn('student') },
  { parent: 'classes', child: 'teachers', relation: enrolledIn('teacher') },
  { parent: 'courses', child: 'classes', relation: column('course_id') },
  { parent: 'terms', child: 'classes', relation: (id) => [{ kind: 'listContains', column: 'terms', value: id }] },
  { parent: 'terms', child: 'gradingPeriods', relation: column('parent_id') },
  { parent: 'students', child: 'classes', relation: classesOfUser },
  { parent: 'teachers', child: 'classes', relation: classesOfUser },
  { parent: 'users', child: 'classes', relation: classesOfUser },
  { parent: 'classes', child: 'lineItems', relation: column('class_id') },
  {
    parent: 'classes',
    child: 'results',
    relation: (id) => [{ kind: 'inSelect', column: 'line_item_id', entity: 'lineItems', select: 'sourced_id', where: [{ kind: 'equals', column: 'class_id', value: id }] }],
  },
  { parent: 'classes', child: 'categories', only: '1.2', relation: linkedBy('lineItems', 'category_id', 'class_id') },
  { parent: 'classes', child: 'scoreScales', relation: column('class_id') },
  { parent: 'schools', child: 'scoreScales', relation: column('org_id') },
  { parent: 'classes', child: 'resources', relation: linkedBy('classResources', 'resource_id', 'class_id') },
  { parent: 'courses', child: 'resources', relation: linkedBy('courseResources', 'resource_id', 'course_id') },
  { parent: 'users', child: 'resources', only: '1.2', relation: linkedBy('userResources', 'resource_id', 'user_id') },
];
