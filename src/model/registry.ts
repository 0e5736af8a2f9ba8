import type { EntityDecl } from './entity.ts';
import type { EntityName } from './records.ts';
import type { Version } from './fields.ts';
import { academicSessions, classes, courses, demographics, enrollments, orgs, users } from './entities/rostering.ts';
import { assessmentLineItems, assessmentResults, categories, lineItems, results, scoreScales } from './entities/gradebook.ts';
import { classResources, courseResources, resources, userResources } from './entities/resources.ts';

/**
 * Every entity, in dependency order: an entity only references entities before it
 * (except self-references and users.agents), which is the order imports validate and write in.
 */
export const ENTITIES: readonly EntityDecl[] = [
  orgs,
  academicSessions,
  courses,
  classes,
  users,
  enrollments,
  demographics,
  categories,
  scoreScales,
  lineItems,
  results,
  assessmentLineItems,
  assessmentResults,
  resources,
  classResources,
  courseResources,
  userResources,
];

const BY_NAME = new Map<EntityName, EntityDecl>(ENTITIES.map((e) => [e.name, e]));

/** An entity's declaration; the result keeps the literal name so record types follow from it. */
export function entityDecl<E extends EntityName>(name: E): EntityDecl & { readonly name: E } {
  const decl = BY_NAME.get(name);
  if (decl === undefined || decl.name !== name) throw new Error(`unknown entity ${name}`);
  return decl as EntityDecl & { readonly name: E };
}

export function isEntityName(name: string): name is EntityName {
  return BY_NAME.has(name as EntityName);
}

export function entitiesFor(version: Version): EntityDecl[] {
  return ENTITIES.filter((e) => e.versions.includes(version));
}

/** Entities a version's CSV binding has a file for. */
export function csvEntitiesFor(version: Version): EntityDecl[] {
  return ENTITIES.filter((e) => e.csvVersions.includes(version));
}
