import { InvalidArgumentError, type Command } from 'commander';
import { purgeAudit, purgeExpiredTokens, purgeNonces, queryAudit, resolveAccess, resolveIntegration, type AuditEntry } from '../../access/index.ts';
import { commandContext } from '../context.ts';
import { table } from './access-support.ts';

const DEFAULT_RETENTION_DAYS = 365;

function parseTime(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date or timestamp');
  return date;
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new InvalidArgumentError('expected a whole number of days ≥ 1');
  return days;
}

function line(e: AuditEntry): string[] {
  if (e.kind === 'api') return [e.at, 'api', e.accessId, `${e.method} ${e.endpoint}`, `${e.status} · ${e.records} records · ${e.durationMs} ms`];
  return [e.at, 'change', e.actor, e.action, `${e.targetType} ${e.targetId}`];
}

/** `rosterbridge audit list|purge`. */
export function registerAudit(program: Command): void {
  const group = program.command('audit').description('the audit log: API calls and admin changes');
  group
    .command('list')
    .description('newest first; "what did this vendor read last night?"')
    .option('--access <access>', 'an access (id or key)')
    .option('--integration <integration>', 'an integration (id, product or "Vendor / Product")')
    .option('--kind <kind>', 'api or change')
    .option('--from <time>', 'from (inclusive), ISO 8601', parseTime)
    .option('--to <time>', 'to (exclusive), ISO 8601', parseTime)
    .option('--limit <n>', 'most entries to show', (v: string) => parseDays(v), 100)
    .action(async (o: { access?: string; integration?: string; kind?: string; from?: Date; to?: Date; limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const kind = o.kind === 'api' || o.kind === 'change' ? o.kind : undefined;
      if (o.kind !== undefined && kind === undefined) throw new InvalidArgumentError('--kind must be api or change');
      const entries = await ctx.withStore(async (store) =>
        queryAudit(store.db, {
          ...(o.access === undefined ? {} : { accessId: (await resolveAccess(store.db, o.access)).id }),
          ...(o.integration === undefined ? {} : { integrationId: (await resolveIntegration(store.db, o.integration)).id }),
          ...(kind === undefined ? {} : { kind }),
          ...(o.from === undefined ? {} : { from: o.from }),
          ...(o.to === undefined ? {} : { to: o.to }),
          limit: o.limit,
        }),
      );
      ctx.output.result({ entries }, () => table(['AT', 'KIND', 'WHO', 'WHAT', 'DETAIL'], entries.map(line)));
    });
  group
    .command('purge')
    .description(`delete audit entries older than the retention (default ${DEFAULT_RETENTION_DAYS} days), expired tokens and old nonces`)
    .option('--days <n>', 'retention in days', parseDays, DEFAULT_RETENTION_DAYS)
    .action(async (o: { days: number }, command: Command) => {
      const ctx = commandContext(command);
      const outcome = await ctx.withStore(async (store) => {
        const now = store.clock.now();
        const before = new Date(now.getTime() - o.days * 24 * 3600 * 1000);
        return { before: before.toISOString(), auditEntries: await purgeAudit(store.db, before), tokens: await purgeExpiredTokens(store.db, now), nonces: await purgeNonces(store.db, now) };
      });
      ctx.output.result(outcome, () => `Purged ${outcome.auditEntries} audit entries older than ${outcome.before}, ${outcome.tokens} expired tokens, ${outcome.nonces} old nonces`);
    });
}
