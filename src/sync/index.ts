// The sync folder's public surface (named, not a blanket re-export). Pipeline, runs and schedules come later.
export { syncTableSpecs } from './tables.ts';
export {
  CONNECTION_KINDS,
  REST_AUTH_METHODS,
  SYNC_MODES,
  PAGE_SIZE,
  CONCURRENCY,
  TIMEOUT_MS,
  validateConnection,
  type ConnectionKind,
  type ConnectionInput,
  type RestAuth,
  type RestSettings,
  type CsvSettings,
  type SyncMode,
} from './connection-settings.ts';
export { ONEROSTER_SERVICES, layoutWords, type PathLayout, type PathsInput, type OneRosterService } from './path-layout.ts';
export { collectionPath, recordPath, serviceBase, alternativeLayouts } from './client/oneroster-paths.ts';
export { listConnections, getConnection, resolveConnection, requireConnection, addConnection, type Connection, type RestConnection } from './connections.ts';
export { mergeConnection, movesToAnotherSftpServer, type ConnectionPatch, type SecretChange } from './connection-patch.ts';
export { updateConnection, type ConnectionUpdate } from './update-connection.ts';
export { rotateConnectionSecret, checkNewSecret } from './rotate-connection-secret.ts';
export { removeConnection, ownedCounts, type ConnectionRemoval, type RemoveOptions } from './remove-connection.ts';
export { testConnection, testRestConnection, endpointsToCheck, type ConnectionTestReport } from './test-connection.ts';
export { describeEndpoint, describeToken, describePathHint, summarize, type EndpointCheck, type TokenCheck, type PathHint, type RestTestReport } from './connection-report.ts';
export type { CsvTestReport, CsvFileCheck } from './csv-check.ts';
export { isSftpLocation, parseSftpLocation, type SftpLocation } from './sftp/sftp-location.ts';
export { SFTP_AUTH_METHODS, SFTP_TIMEOUT_MS, type SftpAuth, type SftpInput, type SftpSettings } from './sftp/sftp-settings.ts';
export { fetchSftpBundle, probeHostKey, type FetchedBundle } from './sftp/sftp-fetch.ts';
export { hostKeyFingerprint } from './sftp/host-key.ts';
export { createOneRosterClient, type OneRosterClient, type ClientOptions } from './client/oneroster-client.ts';
export { systemClientDeps, type ClientDeps, type RemoteAnswer } from './client/transport.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './client/retry-policy.ts';
export type { RemoteObject } from './client/paging.ts';
export { pushConnection, type PushDeps, type PushReport } from './push/push-connection.ts';
export { connectionOutbox, retryFailedPushes } from './push/push-outbox.ts';
export { PUSH_MAX_ATTEMPTS } from './push/push-plan.ts';
export {
  runTableSpecs,
  runSync,
  approveRun,
  rejectRun,
  getRun,
  listRuns,
  listRunChanges,
  recordLineage,
  readSyncState,
  saveSyncSettings,
  parseSyncSettings,
  schoolsReport,
  mapSchools,
  claimRun,
  lockHolder,
  STALE_AFTER_MS,
  type SyncDeps,
  type RunOptions,
  type SyncRun,
  type RunStatus,
  type EntityRunCounts,
  type StagedChange,
  type SyncSettings,
  type SchoolsReport,
  type CommitHooks,
} from './run/index.ts';
