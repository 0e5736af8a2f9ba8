import { InvalidArgumentError, type Command } from 'commander';
import { purgeTombstones, retentionHorizon, type Store } from '../../store/index.ts';
import { commandContext } from '../context.ts';

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new InvalidArgumentError('expected a whole number of days ≥ 1');
  return days;
}

export interface TombstonePurge {
  readonly before: string;
  readonly purged: Partial<Record<string, number>>;
}

/** One purge of tombstones older than the retention, in one transaction. */
export async function purgeOldTombstones(store: Store, days: number): Promise<TombstonePurge> {
  const before = retentionHorizon(store.clock.now(), days);
  const purged = await store.db.transaction().execute((trx) => purgeTombstones(trx, store.dialect, before));
  return { before, purged };
}

/** `rosterbridge tombstones purge`. */
export function registerTombstones(program: Command): void {
  const group = program.command('tombstones').description('deleted records kept as `tobedeleted` tombstones for delta readers');
  group
    .command('purge')
    .description('remove tombstones older than the retention window (default $ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS or 180 days); `serve` also does this daily')
    .option('--days <n>', 'retention in days', parseDays)
    .action(async (o: { days?: number }, command: Command) => {
      const ctx = commandContext(command);
      const days = o.days ?? ctx.config.tombstoneRetentionDays;
      const outcome = await ctx.withStore((store) => purgeOldTombstones(store, days));
      const total = Object.values(outcome.purged).reduce((sum: number, n) => sum + (n ?? 0), 0);
      ctx.output.result(outcome, () => `Purged ${total} tombstones deleted before ${outcome.before}`);
    });
}
