import type { Command } from 'commander';
import { formatProblem, importAttendance, type AttendanceImportReport } from '../../csv/index.ts';
import { HubError } from '../../kernel/index.ts';
import { commandContext } from '../context.ts';
import { createProgress } from '../progress.ts';

export function describeAttendanceImport(report: AttendanceImportReport): string {
  if (!report.ok) {
    const more = report.problemCount > report.problems.length ? [`… and ${report.problemCount - report.problems.length} more`] : [];
    return [`Attendance import rejected: ${report.problemCount} problem(s) in ${report.location}; nothing was written.`, ...report.problems.map((p) => `  ${formatProblem(p)}`), ...more].join('\n');
  }
  const lines = Object.entries(report.counts).map(
    ([entity, c]) => `  ${entity.padEnd(18)} ${String(c.rows).padStart(8)} rows  +${c.created} ~${c.updated} -${c.deleted} =${c.unchanged}`,
  );
  return [`Imported attendance (${report.mode}) from ${report.location} into district ${report.districtId} in ${(report.durationMs / 1000).toFixed(1)} s`, '  (+created ~updated -deleted =unchanged)', ...lines].join('\n');
}

function parseMode(value: string): 'bulk' | 'delta' {
  if (value === 'bulk' || value === 'delta') return value;
  throw new HubError('invalid_argument', `--mode must be bulk or delta, not '${value}'`);
}

/** `rosterbridge attendance import <zip|folder>`: the attendance files, all or nothing. */
export function registerAttendance(program: Command): void {
  const attendance = program.command('attendance').description('attendance data (the hub\'s attendance API and CSV files)');
  attendance
    .command('import')
    .argument('<bundle>', 'a folder or .zip with attendanceCodes.csv, dailyAttendance.csv and/or periodAttendance.csv at its root')
    .description('validate and import attendance CSV files in one transaction (all or nothing)')
    .option('--mode <mode>', 'delta: rows are upserts, tobedeleted rows deletions; bulk: each file replaces that entity for the district', parseMode, 'delta' as const)
    .option('--district <sourcedId>', 'the district the files belong to (default: the store\'s one district)')
    .option('--max-problems <n>', 'stop listing problems after this many', (v) => Number(v), 100)
    .action(async (bundle: string, options: { mode: 'bulk' | 'delta'; district?: string; maxProblems: number }, command: Command) => {
      const ctx = commandContext(command);
      const report = await ctx.withStore(async (store) => {
        const progress = createProgress(ctx.output, 'attendance');
        try {
          return await importAttendance(store, bundle, {
            mode: options.mode,
            ...(options.district !== undefined ? { districtId: options.district } : {}),
            maxProblems: options.maxProblems,
            onProgress: (file, rows) => progress.update(file, rows),
          });
        } finally {
          progress.stop();
        }
      });
      ctx.output.result(report, () => describeAttendanceImport(report));
      if (!report.ok) {
        process.exitCode = 3;
        if (ctx.output.json) return;
        throw new HubError('import_rejected', `attendance import rejected (${report.problemCount} problem(s)); the store is unchanged`);
      }
    });
}
