import type { EntityDecl } from '../entity.ts';
import type { AnyRecord, EntityName, UserRole } from '../records.ts';

/** One id a record holds: its own sourcedId, a reference field, or a role's org. */
export interface ReferenceSite {
  /** The entity the id names. */
  readonly target: EntityName;
  readonly id: string;
  /** The canonical field, `sourcedId`, or `roles.org`. */
  readonly field: string;
}

/** Demographics share their user's sourcedId. */
function ownTarget(entity: EntityDecl): EntityName {
  return entity.name === 'demographics' ? 'users' : entity.name;
}

/**
 * Every id a record holds, derived from the model: its sourcedId, each `ref` and `refList` field
 * and each role's org. What an ID prefix or a schools mapping must rewrite, and what a filter's
 * "linked records" follow.
 */
export function referencesOf(entity: EntityDecl, record: AnyRecord): ReferenceSite[] {
  const sites: ReferenceSite[] = [{ target: ownTarget(entity), id: record.sourcedId, field: 'sourcedId' }];
  const values = record as Record<string, unknown>;
  for (const f of entity.fields) {
    const value = values[f.name];
    if (value === undefined) continue;
    if (f.type.kind === 'ref' && typeof value === 'string') sites.push({ target: f.type.target, id: value, field: f.name });
    else if (f.type.kind === 'refList' && Array.isArray(value)) {
      const target = f.type.target;
      for (const id of value) if (typeof id === 'string') sites.push({ target, id, field: f.name });
    } else if (f.type.kind === 'roles' && Array.isArray(value)) {
      for (const role of value as UserRole[]) sites.push({ target: 'orgs', id: role.org, field: 'roles.org' });
    }
  }
  return sites;
}

/**
 * A copy of the record with every id (as `referencesOf` finds them) passed through `rename`.
 * The record's other values are shared with the original, which is not changed.
 */
export function mapReferences<R extends AnyRecord>(entity: EntityDecl, record: R, rename: (target: EntityName, id: string) => string): R {
  const out: Record<string, unknown> = { ...record, sourcedId: rename(ownTarget(entity), record.sourcedId) };
  for (const f of entity.fields) {
    const value = out[f.name];
    if (value === undefined) continue;
    if (f.type.kind === 'ref' && typeof value === 'string') out[f.name] = rename(f.type.target, value);
    else if (f.type.kind === 'refList' && Array.isArray(value)) {
      const target = f.type.target;
      out[f.name] = value.map((id: unknown) => (typeof id === 'string' ? rename(target, id) : id));
    } else if (f.type.kind === 'roles' && Array.isArray(value)) {
      out[f.name] = (value as UserRole[]).map((role) => ({ ...role, org: rename('orgs', role.org) }));
    }
  }
  return out as R;
}
