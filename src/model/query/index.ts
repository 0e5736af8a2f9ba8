export type {
  CollectionQuery,
  CollectionQueryOptions,
  CollectionQueryResult,
  Comparison,
  FieldKind,
  FilterExpression,
  FilterResult,
  Logical,
  Predicate,
  QueryError,
  QueryErrorCode,
  QueryFieldCatalog,
  SortSpec,
} from './query-types.ts';
export { parseFilter, MAX_TERMS } from './parse-filter.ts';
export { parseCollectionQuery } from './parse-collection-query.ts';
export { PREDICATES_BY_KIND } from './filter-values.ts';
