import type { Command } from 'commander';
import { secretBoxFromConfig } from '../../access/index.ts';
import { buildApp } from '../../http/index.ts';
import { hubTableSpecs } from '../../hub/index.ts';
import { openStore } from '../../store/index.ts';
import { commandContext } from '../context.ts';
import { startHubScheduler } from '../hub-scheduler.ts';
import { purgeOldTombstones } from './tombstones.ts';

const DAY_MS = 24 * 3600 * 1000;

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API and the sync scheduler and worker (and, as it lands, the admin console) on the configured store')
    .option('-p, --port <port>', 'TCP port (default $PORT or 8080)')
    .option('--host <host>', 'interface to listen on (default $HOST or 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }, command: Command) => {
      const ctx = commandContext(command, options);
      const secretBox = secretBoxFromConfig(ctx.config.masterKeyText);
      const store = await openStore({ url: ctx.config.databaseUrl, extraTables: hubTableSpecs() });
      const app = await buildApp({ store, config: ctx.config, secretBox }, { logger: !ctx.output.json });
      // Until the job scheduler lands, the one process purges old tombstones at start and daily.
      const sweep = (): void => {
        purgeOldTombstones(store, ctx.config.tombstoneRetentionDays).then(
          (outcome) => app.log.info({ purged: outcome.purged, before: outcome.before }, 'purged old tombstones'),
          (error: unknown) => app.log.error({ code: error instanceof Error ? error.name : 'unknown' }, 'tombstone purge failed'),
        );
      };
      sweep();
      const sweeper = setInterval(sweep, DAY_MS);
      sweeper.unref();
      const scheduler = await startHubScheduler({ store, box: secretBox, scheduler: true, log: (fields, message) => app.log.info(fields, message) });
      const shutdown = async (): Promise<void> => {
        clearInterval(sweeper);
        await app.close();
        await scheduler.stop();
        await store.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
      ctx.output.result({ url: ctx.config.publicUrl, engine: store.dialect.engine }, () => `Rosterbridge is listening on ${ctx.config.publicUrl} (${store.dialect.displayName})`);
    });
}
