import type { FieldKind, QueryFieldCatalog } from '../../src/model/query/index.ts';

/** A users-like catalog, small enough to read at a glance. */
const FILTERABLE: Record<string, FieldKind> = {
  sourcedId: 'string',
  status: 'enum',
  dateLastModified: 'datetime',
  birthDate: 'date',
  email: 'string',
  givenName: 'string',
  familyName: 'string',
  enabledUser: 'boolean',
  grades: 'stringList',
  'school.sourcedId': 'ref',
  'roles.role': 'enum',
  'roles.org.sourcedId': 'ref',
  agents: 'refList',
  weight: 'number',
};

const SORTABLE: Record<string, FieldKind> = {
  sourcedId: 'string',
  familyName: 'string',
  dateLastModified: 'datetime',
};

const SELECTABLE = new Set(['sourcedId', 'status', 'dateLastModified', 'email', 'givenName', 'familyName', 'roles']);

export const fakeCatalog: QueryFieldCatalog = {
  filterable: (path) => (Object.hasOwn(FILTERABLE, path) ? FILTERABLE[path] : undefined),
  sortable: (path) => (Object.hasOwn(SORTABLE, path) ? SORTABLE[path] : undefined),
  selectable: (name) => SELECTABLE.has(name),
};
