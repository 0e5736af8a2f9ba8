export { importBundle, type ImportOptions, type ImportReport } from './import/import-bundle.ts';
export { touchedBy } from './import/entity-file.ts';
export type { EntityCounts } from './import/batched-file.ts';
export { exportBundle, writeBundle, type ExportOptions, type ExportReport, type RecordSource } from './export.ts';
export { formatProblem, type ImportProblem } from './problems.ts';
export { openBundle, createBundleWriter } from './bundle/index.ts';
export { importAttendance, attendanceFilesIn, type AttendanceImportOptions, type AttendanceImportReport } from './attendance/import-attendance.ts';
export { writeAttendance, type AttendanceSource } from './attendance/write-attendance.ts';
export { readManifest, manifestFiles, type Manifest, type FileMode } from './manifest.ts';
export { openCsv, cellReader, FileReadError } from './rows.ts';
// For the sync engine's CSV source, which reads the same files row by row without importing them.
export { checkHeader } from './import/check-header.ts';
export { ProblemLog } from './problems.ts';
