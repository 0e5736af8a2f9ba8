import type { EntityName } from './records.ts';
import type { FieldDecl, PerVersion, Version } from './fields.ts';

/** OneRoster's services, and the hub's own attendance API (not part of OneRoster). */
export type Service = 'rostering' | 'gradebook' | 'resources' | 'attendance';

/**
 * One entity, declared once; tables, CSV, JSON and query catalogs derive from it. `N` is the name
 * type: OneRoster entities (the default) or the hub's attendance entities, which share the
 * declaration machinery but live in a registry of their own (docs/decisions/0006-attendance-model.md).
 */
export interface EntityDecl<N extends string = EntityName> {
  /** Collection name: REST path segment, JSON plural wrapper, CSV file `<name>.csv`, manifest `file.<name>`. */
  readonly name: N;
  /** JSON wrapper of a single object (`org`, `class`, `demographics`). */
  readonly singular: string;
  /** GUIDRef `type` when another record points here. */
  readonly refType: PerVersion<string>;
  readonly service: Service;
  /** Versions whose binding has this entity. */
  readonly versions: readonly Version[];
  /** Versions whose CSV binding has a file for it (the 1.2 assessment entities are REST only). */
  readonly csvVersions: readonly Version[];
  /** The entity's own fields, after the common sourcedId, status, dateLastModified; in CSV header order. */
  readonly fields: readonly FieldDecl[];
  /** Store table name. */
  readonly table: string;
}

/** Any entity of either registry, for the derivations that work on both. */
export type AnyEntityDecl = EntityDecl<string>;

/** Table prefix: OneRoster tables are `or_…`, the hub's attendance tables `att_…`. */
function tablePrefix(service: Service): string {
  return service === 'attendance' ? 'att_' : 'or_';
}

export function entity<N extends string = EntityName>(
  decl: Omit<EntityDecl<N>, 'table' | 'versions' | 'csvVersions'> & { versions?: readonly Version[]; csvVersions?: readonly Version[] },
): EntityDecl<N> {
  const versions = decl.versions ?? ['1.1', '1.2'];
  return {
    ...decl,
    versions,
    csvVersions: decl.csvVersions ?? versions,
    table: `${tablePrefix(decl.service)}${decl.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
  };
}
