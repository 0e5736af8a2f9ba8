import type { Command } from 'commander';
import { createDemoDistrict } from '../../demo/index.ts';
import { writeBundle } from '../../csv/index.ts';
import { HubError } from '../../kernel/index.ts';
import type { Version } from '../../model/index.ts';
import { commandContext } from '../context.ts';
import { createProgress } from '../progress.ts';

export function parseVersion(text: string): Version {
  if (text === '1.1' || text === '1.2') return text;
  throw new HubError('invalid_argument', `--oneroster must be 1.1 or 1.2, not '${text}'`);
}

export function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new HubError('invalid_argument', `--students must be a whole number of at least 1, not '${text}'`);
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write a generated demo district (deterministic from --seed) as a OneRoster CSV bundle')
    .requiredOption('--out <dir|zip>', 'where to write: a folder, or a path ending in .zip')
    .option('--students <n>', 'number of students', parseCount, 1000)
    .option('--seed <seed>', 'seed; the same seed gives the same district', 'rosterbridge')
    .option('--oneroster <version>', 'CSV binding: 1.1 or 1.2', parseVersion, '1.2' as Version)
    .action(async (options: { out: string; students: number; seed: string; oneroster: Version }, command: Command) => {
      const ctx = commandContext(command);
      const district = createDemoDistrict({ students: options.students, seed: options.seed });
      const progress = createProgress(ctx.output, 'generate');
      const report = await writeBundle(
        options.out,
        { records: (entity) => district.records(entity.name), metadataKeys: async () => [] },
        { version: options.oneroster, mode: 'bulk', onProgress: (file, rows) => progress.update(file, rows) },
      );
      progress.stop();
      ctx.output.result({ ...report, districtId: district.districtId, seed: options.seed }, () =>
        [`Wrote a ${options.students}-student demo district (OneRoster ${options.oneroster}) to ${options.out}`, ...report.files.filter((f) => f.rows > 0).map((f) => `  ${f.file.padEnd(22)} ${f.rows}`)].join('\n'),
      );
    });
}
