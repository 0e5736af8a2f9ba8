/** The OneRoster standard as data, and what is derived from it. Imports nothing else of ours. */
export type * from './records.ts';
export type * from './attendance-records.ts';
export { VERSIONS, type Version, type FieldDecl, type FieldType, type FieldKind, type ChildFileDecl } from './fields.ts';
export type { AnyEntityDecl, EntityDecl, Service } from './entity.ts';
export { ENTITIES, entityDecl, entitiesFor, csvEntitiesFor, isEntityName } from './registry.ts';
export { ATTENDANCE_ENTITIES, attendanceEntityDecl } from './attendance-registry.ts';
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
export { jsonToRecord, type InputProblem, type JsonInput } from './derive/json-input.ts';
export { referencesOf, mapReferences, type ReferenceSite } from './derive/references.ts';
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
