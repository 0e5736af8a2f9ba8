import type { Command } from 'commander';
import { commandContext } from '../context.ts';
import { ensureMasterKey } from '../master-key-file.ts';

/** Creates the data folder, the master key (owner-only) and the database schema. Safe to run twice. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create the database schema and the master key that encrypts stored secrets')
    .action(async (_options: object, command: Command) => {
      const ctx = commandContext(command);
      const { created } = ensureMasterKey(ctx.config);
      const engine = await ctx.withStore(async (store) => store.dialect.displayName);
      ctx.output.result({ database: engine, masterKeyFile: ctx.config.masterKeyFile, masterKeyCreated: created }, () =>
        [
          `Database ready: ${engine}`,
          created
            ? `Master key created: ${ctx.config.masterKeyFile} (owner-only; back it up — stored secrets cannot be read without it)`
            : `Master key: ${process.env.ROSTERBRIDGE_MASTER_KEY !== undefined ? 'from ROSTERBRIDGE_MASTER_KEY' : ctx.config.masterKeyFile}`,
        ].join('\n'),
      );
    });
}
