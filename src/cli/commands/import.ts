import type { Command } from 'commander';
import { formatProblem, importBundle, type ImportReport } from '../../csv/index.ts';
import { HubError } from '../../kernel/index.ts';
import { commandContext } from '../context.ts';
import { createProgress } from '../progress.ts';

export function describeImport(report: ImportReport): string {
  if (!report.ok) {
    const more = report.problemCount > report.problems.length ? [`… and ${report.problemCount - report.problems.length} more`] : [];
    return [`Import rejected: ${report.problemCount} problem(s) in ${report.location}; nothing was written.`, ...report.problems.map((p) => `  ${formatProblem(p)}`), ...more].join('\n');
  }
  const lines = Object.entries(report.counts).map(
    ([entity, c]) => `  ${entity.padEnd(18)} ${String(c.rows).padStart(8)} rows  +${c.created} ~${c.updated} -${c.deleted} =${c.unchanged}`,
  );
  return [`Imported ${report.location} (OneRoster ${report.version}) into district ${report.districtId} in ${(report.durationMs / 1000).toFixed(1)} s`, '  (+created ~updated -deleted =unchanged)', ...lines].join('\n');
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<bundle>', 'OneRoster CSV bundle: a folder or a .zip with manifest.csv')
    .description('validate and import a OneRoster 1.1 or 1.2 CSV bundle in one transaction (all or nothing)')
    .option('--district <sourcedId>', 'the district the bundle belongs to (default: its one district org)')
    .option('--max-problems <n>', 'stop listing problems after this many', (v) => Number(v), 100)
    .action(async (bundle: string, options: { district?: string; maxProblems: number }, command: Command) => {
      const ctx = commandContext(command);
      const report = await ctx.withStore(async (store) => {
        const progress = createProgress(ctx.output, 'import');
        try {
          return await importBundle(store, bundle, {
            ...(options.district !== undefined ? { districtId: options.district } : {}),
            maxProblems: options.maxProblems,
            onProgress: (file, rows) => progress.update(file, rows),
          });
        } finally {
          progress.stop();
        }
      });
      ctx.output.result(report, () => describeImport(report));
      if (!report.ok) {
        process.exitCode = 3;
        if (ctx.output.json) return;
        throw new HubError('import_rejected', `import rejected (${report.problemCount} problem(s)); the store is unchanged`);
      }
    });
}
