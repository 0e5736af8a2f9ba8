import type { Command } from 'commander';
import { accessTableSpecs, secretBoxFromConfig } from '../../access/index.ts';
import { buildApp } from '../../http/index.ts';
import { openStore } from '../../store/index.ts';
import { commandContext } from '../context.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the API (and, as they land, the admin console and scheduler) on the configured store')
    .option('-p, --port <port>', 'TCP port (default $PORT or 8080)')
    .option('--host <host>', 'interface to listen on (default $HOST or 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }, command: Command) => {
      const ctx = commandContext(command, options);
      const secretBox = secretBoxFromConfig(ctx.config.masterKeyText);
      const store = await openStore({ url: ctx.config.databaseUrl, extraTables: accessTableSpecs() });
      const app = await buildApp({ store, config: ctx.config, secretBox }, { logger: !ctx.output.json });
      const shutdown = async (): Promise<void> => {
        await app.close();
        await store.close();
      };
      process.once('SIGINT', () => void shutdown());
      process.once('SIGTERM', () => void shutdown());
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
      ctx.output.result({ url: ctx.config.publicUrl, engine: store.dialect.engine }, () => `Rosterbridge is listening on ${ctx.config.publicUrl} (${store.dialect.displayName})`);
    });
}
