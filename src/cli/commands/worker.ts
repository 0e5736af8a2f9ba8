import type { Command } from 'commander';
import { secretBoxFromConfig } from '../../access/index.ts';
import { jobQueueFor } from '../../jobs/index.ts';
import { HubError } from '../../kernel/index.ts';
import { hubTableSpecs } from '../../hub/index.ts';
import { openStore } from '../../store/index.ts';
import { commandContext } from '../context.ts';
import { startHubScheduler } from '../hub-scheduler.ts';

/**
 * `rosterbridge worker`: runs queued syncs and nothing else (no API, no schedule ticks), for
 * PostgreSQL deployments that add processes to share the work. Stops on SIGINT/SIGTERM after the
 * runs in progress end.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run only the sync worker (PostgreSQL: start as many as you like; `serve` already runs one)')
    .action(async (_o: object, command: Command) => {
      const ctx = commandContext(command);
      const store = await openStore({ url: ctx.config.databaseUrl, extraTables: hubTableSpecs() });
      // Asked before anything starts: a second worker on SQLite would take the serve process's
      // active runs for abandoned ones.
      if (!jobQueueFor(store).sharedByProcesses) {
        await store.close();
        throw new HubError('invalid_argument', `${store.dialect.displayName} has one worker, inside \`rosterbridge serve\`; extra worker processes need PostgreSQL (DATABASE_URL=postgres://…)`);
      }
      const running = await startHubScheduler({ store, box: secretBoxFromConfig(ctx.config.masterKeyText), scheduler: false, log: (fields, message) => ctx.output.info(`${message} ${JSON.stringify(fields)}`) });
      const shutdown = async (): Promise<void> => {
        await running.stop();
        await store.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      ctx.output.result({ worker: running.queue.name, engine: store.dialect.engine }, () => `Rosterbridge worker is running (${running.queue.name} on ${store.dialect.displayName}); Ctrl-C stops it after the runs in progress.`);
    });
}
