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
 * Nested routes as data: `/<parents[0]>/{id}/<child>` lists the child collection's records that
 * `relation` ties to the parent; `/<parents[0]>/{id0}/<parents[1]>/{id1}/<child>` also needs the inner
 * parent to belong to the outer one (`inner`). Every parent must be visible to the caller (else 404
 * unknownobject).
 */
export interface NestedRoute {
  /** Outermost first; one or two. */
  readonly parents: readonly string[];
  readonly child: string;
  /** Only in this version (a route the other version's spec does not have). */
  readonly only?: Version;
  /** What the inner parent must satisfy, given the outer parent's id (the class is of that school). */
  inner?(outerId: string): Condition[];
  /** Conditions on the child, given the parents' ids in path order. */
  relation(parentIds: readonly string[]): Condition[];
}

type Relation = (id: string) => Condition[];

const enrolledIn = (role: string): Relation => (classId) => [
  { kind: 'inSelect', column: 'sourced_id', entity: 'enrollments', select: 'user_id', where: [{ kind: 'equals', column: 'class_id', value: classId }, { kind: 'equals', column: 'role', value: role }] },
];
const classesOfUser: Relation = (userId) => [
  { kind: 'inSelect', column: 'sourced_id', entity: 'enrollments', select: 'class_id', where: [{ kind: 'equals', column: 'user_id', value: userId }] },
];
/** Records whose sourcedId a link entity (classResources, lineItems …) names next to the parent. */
const linkedBy = (entity: EntityName, select: string, parentColumn: string): Relation => (id) => [
  { kind: 'inSelect', column: 'sourced_id', entity, select, where: [{ kind: 'equals', column: parentColumn, value: id }] },
];
const column = (name: string): Relation => (id) => [{ kind: 'equals', column: name, value: id }];
const resultsOfClass: Relation = (id) => [{ kind: 'inSelect', column: 'line_item_id', entity: 'lineItems', select: 'sourced_id', where: [{ kind: 'equals', column: 'class_id', value: id }] }];

/** A route under one parent whose relation only needs that parent's id. */
const under = (parent: string, child: string, relation: Relation, only?: Version): NestedRoute => ({
  parents: [parent],
  child,
  ...(only === undefined ? {} : { only }),
  relation: (ids) => relation(ids[0] ?? ''),
});

/** A route under a class of a school: the class must be that school's. */
const underSchoolClass = (child: string, relation: Relation): NestedRoute => ({
  parents: ['schools', 'classes'],
  child,
  inner: column('school_id'),
  relation: (ids) => relation(ids[1] ?? ''),
});

export const NESTED_ROUTES: readonly NestedRoute[] = [
  under('schools', 'classes', column('school_id')),
  under('schools', 'enrollments', column('school_id')),
  under('schools', 'courses', column('org_id')),
  // The student (teacher) role must be held at that school, not merely some role there.
  under('schools', 'students', (id) => [{ kind: 'roleMember', role: 'student', org: id }]),
  under('schools', 'teachers', (id) => [{ kind: 'roleMember', role: 'teacher', org: id }]),
  under('schools', 'terms', (id) => [{ kind: 'listedBy', entity: 'classes', listColumn: 'terms', where: [{ kind: 'equals', column: 'school_id', value: id }] }]),
  under('classes', 'students', enrolledIn('student')),
  under('classes', 'teachers', enrolledIn('teacher')),
  under('courses', 'classes', column('course_id')),
  under('terms', 'classes', (id) => [{ kind: 'listContains', column: 'terms', value: id }]),
  under('terms', 'gradingPeriods', column('parent_id')),
  under('students', 'classes', classesOfUser),
  under('teachers', 'classes', classesOfUser),
  under('users', 'classes', classesOfUser),
  underSchoolClass('students', enrolledIn('student')),
  underSchoolClass('teachers', enrolledIn('teacher')),
  underSchoolClass('enrollments', column('class_id')),
  under('classes', 'lineItems', column('class_id')),
  under('classes', 'results', resultsOfClass),
  under('classes', 'categories', linkedBy('lineItems', 'category_id', 'class_id'), '1.2'),
  under('classes', 'scoreScales', column('class_id')),
  under('schools', 'scoreScales', column('org_id')),
  // A class's line item: the line item must be of that class.
  { parents: ['classes', 'lineItems'], child: 'results', inner: column('class_id'), relation: (ids) => column('line_item_id')(ids[1] ?? '') },
  // A student's results in a class: the student must be enrolled in it.
  {
    parents: ['classes', 'students'],
    child: 'results',
    inner: (classId) => enrolledIn('student')(classId),
    relation: (ids) => [...resultsOfClass(ids[0] ?? ''), ...column('student_id')(ids[1] ?? '')],
  },
  under('classes', 'resources', linkedBy('classResources', 'resource_id', 'class_id')),
  under('courses', 'resources', linkedBy('courseResources', 'resource_id', 'course_id')),
  under('users', 'resources', linkedBy('userResources', 'resource_id', 'user_id'), '1.2'),
];
