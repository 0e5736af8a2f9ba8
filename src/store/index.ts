export { openStore, dialectFor, type Store, type OpenStoreOptions } from './store.ts';
export { parseDatabaseUrl, redactUrl, q, type UpsertSpec, type Db, type Database, type StoreDialect, type StoreLocation } from './dialect.ts';
export { attendanceTableSpecs, ensureSchema, rosterTableSpecs, type TableSpec } from './schema.ts';
export { upsertRecords, tombstoneRecords, touchRecords, contentHash, type WriteContext, type UpsertOutcome } from './roster/writer.ts';
export { activeIdsAmong, activeIdsOfDistrict, activeRowsAmong, readRecords, streamRecords, districtIds, metadataKeys, type StreamOptions } from './roster/reader.ts';
export { queryRecords, findRecord, type RecordQuery, type RecordPage } from './roster/query.ts';
export { queryPaths, queryCatalog, type QueryPath } from './roster/query-paths.ts';
export { visibleConditions, type Visibility } from './roster/visibility.ts';
export type { Condition } from './roster/conditions.ts';
