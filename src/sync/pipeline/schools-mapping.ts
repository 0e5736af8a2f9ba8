import { mapReferences, type AnyRecord, type EntityDecl, type OrgRecord, type UserRecord } from '../../model/index.ts';
import { drop, keep, type PipelineContext, type StageOutcome } from './outcome.ts';
import type { SchoolsMapping } from './rules.ts';

/** The school a record belongs to, for entities that belong to one. */
function schoolOf(entity: EntityDecl, record: AnyRecord): string | undefined {
  const values = record as Record<string, unknown>;
  if (entity.name === 'classes' || entity.name === 'enrollments' || entity.name === 'lineItems') return typeof values.school === 'string' ? values.school : undefined;
  if (entity.name === 'courses' || entity.name === 'scoreScales') return typeof values.org === 'string' ? values.org : undefined;
  return undefined;
}

/**
 * Schools mapping: only the selected schools' records come in, and a source school mapped onto a
 * hub school (or merged with others into one) disappears as a record of its own while everything
 * that named it names the target. An org is judged by its own id; a user keeps only its roles at
 * selected schools and the district (and is left out when none is left); other records by their
 * school. Ids that are not schools pass unchanged.
 */
export function mapSchools(entity: EntityDecl, record: AnyRecord, ctx: PipelineContext): StageOutcome {
  const mapping = ctx.rules.schools;
  if (mapping === undefined) return keep(record);
  const schools = ctx.sourceSchools;
  const excluded = (id: string): boolean => schools.has(id) && mapping.selected !== undefined && !mapping.selected.includes(id);

  if (entity.name === 'orgs') {
    const org = record as OrgRecord;
    if (excluded(org.sourcedId)) return drop(`school ${org.sourcedId} is not selected`);
    const target = mapping.map?.[org.sourcedId];
    // A mapped school's own record is not written unless it is the merge target itself.
    if (target !== undefined && target !== org.sourcedId) return drop(`school ${org.sourcedId} is mapped onto ${target}`);
  } else if (entity.name === 'users') {
    const user = record as UserRecord;
    const roles = user.roles.filter((r) => !excluded(r.org));
    if (roles.length === 0) return drop(`user ${user.sourcedId} has no role at a selected school`);
    if (roles.length !== user.roles.length) return keep(renameSchools(entity, { ...user, roles }, mapping), true);
  } else {
    const school = schoolOf(entity, record);
    if (school !== undefined && excluded(school)) return drop(`school ${school} is not selected`);
  }
  const renamed = renameSchools(entity, record, mapping);
  return keep(renamed, renamed !== record);
}

function renameSchools<R extends AnyRecord>(entity: EntityDecl, record: R, mapping: SchoolsMapping): R {
  const map = mapping.map;
  if (map === undefined || Object.keys(map).length === 0) return record;
  let changed = false;
  const out = mapReferences(entity, record, (target, id) => {
    const to = target === 'orgs' ? map[id] : undefined;
    if (to === undefined || to === id) return id;
    changed = true;
    return to;
  });
  return changed ? out : record;
}

/** A school of the source and one of the hub, as auto-mapping compares them. */
export interface SchoolIdentity {
  readonly sourcedId: string;
  readonly name: string;
  readonly identifier?: string;
}

/**
 * Auto-mapping: each source school onto the hub school with the same identifier (the state school
 * code), or, by name, the same name ignoring case, spaces and punctuation. A source school that
 * matches none, or more than one, is left unmapped (it comes in as a school of its own).
 */
export function autoMapSchools(source: readonly SchoolIdentity[], hub: readonly SchoolIdentity[], by: 'identifier' | 'name'): Record<string, string> {
  const key = (s: SchoolIdentity): string | undefined =>
    by === 'identifier' ? s.identifier?.trim() || undefined : s.name.toLowerCase().replace(/[^a-z0-9]+/g, '') || undefined;
  const candidates = new Map<string, string[]>();
  for (const school of hub) {
    const k = key(school);
    if (k !== undefined) candidates.set(k, [...(candidates.get(k) ?? []), school.sourcedId]);
  }
  const map: Record<string, string> = {};
  for (const school of source) {
    const k = key(school);
    const found = k === undefined ? undefined : candidates.get(k);
    if (found !== undefined && found.length === 1 && found[0] !== undefined) map[school.sourcedId] = found[0];
  }
  return map;
}
