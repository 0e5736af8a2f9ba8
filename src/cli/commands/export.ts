import type { Command } from 'commander';
import { exportBundle } from '../../csv/index.ts';
import { HubError } from '../../kernel/index.ts';
import { isValidDate, isValidDateTime, type Version } from '../../model/index.ts';
import { commandContext } from '../context.ts';
import { createProgress } from '../progress.ts';
import { parseVersion } from './generate.ts';

function parseSince(text: string): string {
  if (!isValidDateTime(text) && !isValidDate(text)) throw new HubError('invalid_argument', `--since must be an ISO 8601 date or date-time, not '${text}'`);
  return new Date(text.length === 10 ? `${text}T00:00:00.000Z` : text).toISOString();
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .argument('<out>', 'a folder, or a path ending in .zip')
    .description('write the store as a OneRoster CSV bundle: bulk, or delta with --since (tombstones included)')
    .option('--since <iso>', 'delta: only what changed after this instant', parseSince)
    .option('--oneroster <version>', 'CSV binding: 1.1 or 1.2', parseVersion, '1.2' as Version)
    .option('--district <sourcedId>', 'only this district')
    .action(async (out: string, options: { since?: string; oneroster: Version; district?: string }, command: Command) => {
      const ctx = commandContext(command);
      const report = await ctx.withStore(async (store) => {
        const progress = createProgress(ctx.output, 'export');
        try {
          return await exportBundle(store, out, {
            version: options.oneroster,
            ...(options.since !== undefined ? { since: options.since } : {}),
            ...(options.district !== undefined ? { districtId: options.district } : {}),
            onProgress: (file, rows) => progress.update(file, rows),
          });
        } finally {
          progress.stop();
        }
      });
      ctx.output.result(report, () =>
        [`Exported a ${report.mode} OneRoster ${report.version} bundle to ${out}`, ...report.files.map((f) => `  ${f.file.padEnd(22)} ${f.rows}`)].join('\n'),
      );
    });
}
