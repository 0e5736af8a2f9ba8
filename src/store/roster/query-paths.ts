import { columnName, jsonPropertyNames, vocabularies, type AnyEntityDecl, type Version } from '../../model/index.ts';
import type { FieldKind, QueryFieldCatalog } from '../../model/query/index.ts';

/** A path a client may filter or sort on, and the column that holds it. */
export interface QueryPath {
  readonly kind: FieldKind;
  readonly column: string;
  /**
   * The column holds a JSON array of objects (users.roles) and the path names a property of its
   * elements: a comparison holds when some element's property does (`!=`: when none equals).
   * `aliases` turns a filter value into the stored values it stands for.
   */
  readonly element?: { readonly key: string; aliases?(value: string): string[] };
}

/** users.roles as each version's filters name it: 1.1 `role` + `orgs`, 1.2 `roles[]`. */
function rolePaths(column: string, version: Version): Array<[string, QueryPath]> {
  const role = { key: 'role', aliases: (value: string) => vocabularies.storedUserRoles(value, version) };
  if (version === '1.1') return [['role', { kind: 'enum', column, element: role }], ['orgs.sourcedId', { kind: 'ref', column, element: { key: 'org' } }]];
  return [
    ['roles.role', { kind: 'enum', column, element: role }],
    ['roles.roleType', { kind: 'enum', column, element: { key: 'roleType' } }],
    ['roles.org.sourcedId', { kind: 'ref', column, element: { key: 'org' } }],
  ];
}

const COMMON: ReadonlyArray<[string, QueryPath]> = [
  ['sourcedId', { kind: 'string', column: 'sourced_id' }],
  ['status', { kind: 'enum', column: 'status' }],
  ['dateLastModified', { kind: 'datetime', column: 'date_last_modified' }],
];

const SCALAR: ReadonlySet<string> = new Set(['string', 'enum', 'date', 'datetime', 'number', 'boolean']);

const cache = new Map<string, ReadonlyMap<string, QueryPath>>();

/**
 * The filterable paths of an entity in a version, derived from the model: a scalar field by its JSON
 * name (`email`, `preferredFirstName`), a reference as `<name>.sourcedId` (its `_id` column), a list
 * of strings by its name (`grades`), a list of references as `<name>.sourcedId`, users' roles as 1.1
 * `role` / `orgs.sourcedId` and 1.2 `roles.role` / `roles.roleType` / `roles.org.sourcedId`. Not
 * filterable: extension fields under `metadata`, structured values (userIds, userProfiles,
 * scoreScaleValue) and fields the model marks unfilterable (password).
 */
export function queryPaths(entity: AnyEntityDecl, version: Version): ReadonlyMap<string, QueryPath> {
  const key = `${entity.name}@${version}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const paths = new Map<string, QueryPath>(COMMON);
  for (const f of entity.fields) {
    const name = f.json[version];
    if (name === undefined || f.extension || !f.filterable) continue;
    const column = columnName(f);
    const kind = f.type.kind;
    if (kind === 'roles') for (const [path, q] of rolePaths(column, version)) paths.set(path, q);
    else if (kind === 'ref') paths.set(`${name}.sourcedId`, { kind: 'ref', column });
    else if (kind === 'refList') paths.set(`${name}.sourcedId`, { kind: 'refList', column });
    else if (kind === 'stringList' || kind === 'enumList') paths.set(name, { kind: 'stringList', column });
    else if (SCALAR.has(kind)) paths.set(name, { kind: kind as FieldKind, column });
  }
  cache.set(key, paths);
  return paths;
}

/** Lists cannot be sorted; everything else that can be filtered can. */
function sortable(path: QueryPath | undefined): FieldKind | undefined {
  if (path === undefined || path.kind === 'stringList' || path.kind === 'refList' || path.element !== undefined) return undefined;
  return path.kind;
}

/** What the query parser asks of an entity's fields, answered from the model. */
export function queryCatalog(entity: AnyEntityDecl, version: Version): QueryFieldCatalog {
  const paths = queryPaths(entity, version);
  const selectable = new Set(jsonPropertyNames(entity, version));
  return {
    filterable: (path) => paths.get(path)?.kind,
    sortable: (path) => sortable(paths.get(path)),
    selectable: (name) => selectable.has(name),
  };
}
