// The sync runs' public surface (named, not a blanket re-export).
export { runTableSpecs } from './run-tables.ts';
export { runSync, isFullRead, type SyncDeps, type RunOptions } from './run-sync.ts';
export { approveRun, rejectRun } from './decide-run.ts';
export { getRun, listRuns, RUN_STATUSES, type SyncRun, type RunStatus, type RunTrigger, type EntityRunCounts } from './sync-run.ts';
export { claimRun, lockHolder, refuseWhileRunning, STALE_AFTER_MS, type LockHolder } from './run-lock.ts';
export { listRunChanges, recordLineage } from './run-records.ts';
export type { StagedChange } from './changes.ts';
export type { CommitHooks } from './commit-run.ts';
export { parseSyncSettings, DEFAULT_SYNC_SETTINGS, type SyncSettings, type ReadMode } from './sync-settings.ts';
export { readSyncState, saveSyncSettings, type SyncState } from './sync-state.ts';
export { schoolsReport, mapSchools, type SchoolsReport } from './schools.ts';
export type { SyncSource, SourceItem, EntityRead } from './source.ts';
export { countOwned, ownedIds } from './owned.ts';
