export { importBundle, type ImportOptions, type ImportReport } from './import/import-bundle.ts';
export type { EntityCounts } from './import/entity-file.ts';
export { exportBundle, writeBundle, type ExportOptions, type ExportReport, type RecordSource } from './export.ts';
export { formatProblem, type ImportProblem } from './problems.ts';
export { openBundle, createBundleWriter } from './bundle/index.ts';
export { importAttendance, attendanceFilesIn, type AttendanceImportOptions, type AttendanceImportReport } from './attendance/import-attendance.ts';
export { writeAttendance, type AttendanceSource } from './attendance/write-attendance.ts';
export { readManifest, manifestFiles, type Manifest, type FileMode } from './manifest.ts';
export { openCsv, FileReadError } from './rows.ts';
