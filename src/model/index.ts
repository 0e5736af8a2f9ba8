/** The OneRoster standard as data, and what is derived from it. Imports nothing else of ours. */
export type * from './records.ts';
export { VERSIONS, type Version, type FieldDecl, type FieldType, type FieldKind, type ChildFileDecl } from './fields.ts';
export type { EntityDecl, Service } from './entity.ts';
export { ENTITIES, entityDecl, entitiesFor, isEntityName } from './registry.ts';
export * as vocabularies from './vocabularies.ts';
export {
  tableOf,
  recordToRow,
  rowToRecord,
  snakeCase,
  columnName,
  COMMON_COLUMNS,
  type TableDecl,
  type ColumnDecl,
  type ColumnStorage,
  type Row,
} from './derive/table.ts';
export {
  csvHeader,
  childFiles,
  readCsvRow,
  writeCsvRow,
  readRoleRow,
  writeRoleRows,
  readUserProfileRow,
  writeUserProfileRows,
  roleSourcedId,
  isValidDate,
  isValidDateTime,
  COMMON_CSV_COLUMNS,
  type CellProblem,
  type ChildRow,
} from './derive/csv.ts';
export { recordToJson, jsonPropertyNames, type Json, type JsonObject, type JsonContext } from './derive/json.ts';
export {
  entitySchema,
  guidRefSchema,
  referencedEntities,
  vocabularySchema,
  schemaName,
  setSchemaName,
  singleSchemaName,
  guidRefSchemaName,
} from './derive/json-schema.ts';
