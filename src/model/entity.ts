import type { EntityName } from './records.ts';
import type { FieldDecl, PerVersion, Version } from './fields.ts';

export type Service = 'rostering' | 'gradebook' | 'resources';

/** One OneRoster entity, declared once; tables, CSV, JSON and query catalogs derive from it. */
export interface EntityDecl {
  /** Collection name: REST path segment, JSON plural wrapper, CSV file `<name>.csv`, manifest `file.<name>`. */
  readonly name: EntityName;
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

export function entity(decl: Omit<EntityDecl, 'table' | 'versions' | 'csvVersions'> & { versions?: readonly Version[]; csvVersions?: readonly Version[] }): EntityDecl {
  const versions = decl.versions ?? ['1.1', '1.2'];
  return {
    ...decl,
    versions,
    csvVersions: decl.csvVersions ?? versions,
    table: `or_${decl.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
  };
}
