import { InvalidArgumentError, type Command } from 'commander';
import { OUTBOX_STATUSES, type OutboxStatus } from '../../gradebook/index.ts';
import { connectionOutbox, pushConnection, resolveConnection, retryFailedPushes, systemClientDeps, type PushReport } from '../../sync/index.ts';
import { commandContext } from '../context.ts';
import { cliSecretBox, table } from './access-support.ts';

function status(value: string): OutboxStatus {
  const found = OUTBOX_STATUSES.find((s) => s === value.trim());
  if (found === undefined) throw new InvalidArgumentError(`expected one of ${OUTBOX_STATUSES.join(', ')}`);
  return found;
}

function describePush(r: PushReport): string {
  const lines = [`Pushed to the SIS of ${r.connection}: ${r.pushed} pushed, ${r.failed} failed, ${r.retryLater} to retry (${r.rows} outbox rows taken).`];
  if (r.stopped !== null) lines.push(`Stopped early: ${r.stopped}. The rest waits for the next push.`);
  if (r.failed > 0) lines.push(`See why: rosterbridge connection outbox ${JSON.stringify(r.connection)} --status failed`);
  if (r.rows === 0) lines[0] = `Nothing to push for ${r.connection}: the outbox has no pending rows.`;
  return lines.join('\n');
}

/** `rosterbridge connection push|outbox|retry-push`: 2-way sync, the hub's gradebook writes back to the SIS. */
export function registerConnectionPush(group: Command): void {
  group
    .command('push <connection>')
    .description('push the pending gradebook writes of a two-way connection\'s district to its SIS now')
    .action(async (reference: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const box = cliSecretBox(ctx.config);
      const report = await ctx.withStore(async (store) =>
        pushConnection({ db: store.db, dialect: store.dialect, clock: store.clock, box, client: systemClientDeps() }, await resolveConnection(store.db, reference)),
      );
      ctx.output.result({ push: report }, () => describePush(report));
      if (report.failed > 0 || report.stopped !== null) process.exitCode = 2;
    });

  group
    .command('outbox <connection>')
    .description('list the gradebook writes waiting for, or done by, the push to the SIS (oldest first)')
    .option('--status <pending|pushed|failed>', 'only rows in this status', status)
    .option('--limit <n>', 'at most this many rows (default 200)', (v: string) => (/^\d+$/.test(v) ? Number(v) : Number.NaN), 200)
    .action(async (reference: string, o: { status?: OutboxStatus; limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const rows = await ctx.withStore(async (store) => connectionOutbox(store.db, await resolveConnection(store.db, reference), { ...(o.status === undefined ? {} : { status: o.status }), limit: o.limit }));
      ctx.output.result({ outbox: rows }, () =>
        table(
          ['WRITTEN', 'ENTITY', 'SOURCEDID', 'OP', 'STATUS', 'ATTEMPTS', 'LAST', 'ERROR', 'PUSHED'],
          rows.map((r) => [r.writtenAt, r.entity, r.sourcedId, r.operation, r.status, String(r.attempts), r.lastStatus === null ? '' : String(r.lastStatus), r.lastError ?? '', r.pushedAt ?? '']),
        ),
      );
    });

  group
    .command('retry-push <connection>')
    .description('put the failed outbox rows back to pending (attempts reset) for the next push')
    .action(async (reference: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const count = await ctx.withStore(async (store) => retryFailedPushes(store.db, store.clock, await resolveConnection(store.db, reference)));
      ctx.output.result({ requeued: count }, () => `${count} failed row${count === 1 ? '' : 's'} back to pending. Next: rosterbridge connection push ${JSON.stringify(reference)}`);
    });
}
