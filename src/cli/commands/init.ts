import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { generateMasterKey } from '../../access/secret-box.ts';
import { commandContext } from '../context.ts';

/** Creates the data folder, the master key (owner-only) and the database schema. Safe to run twice. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create the database schema and the master key that encrypts stored secrets')
    .action(async (_options: object, command: Command) => {
      const ctx = commandContext(command);
      let keyCreated = false;
      if (process.env.ROSTERBRIDGE_MASTER_KEY === undefined && !existsSync(ctx.config.masterKeyFile)) {
        mkdirSync(dirname(ctx.config.masterKeyFile), { recursive: true, mode: 0o700 });
        writeFileSync(ctx.config.masterKeyFile, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
        chmodSync(ctx.config.masterKeyFile, 0o600);
        keyCreated = true;
      }
      const engine = await ctx.withStore(async (store) => store.dialect.displayName);
      ctx.output.result({ database: engine, masterKeyFile: ctx.config.masterKeyFile, masterKeyCreated: keyCreated }, () =>
        [
          `Database ready: ${engine}`,
          keyCreated
            ? `Master key created: ${ctx.config.masterKeyFile} (owner-only; back it up — stored secrets cannot be read without it)`
            : `Master key: ${process.env.ROSTERBRIDGE_MASTER_KEY !== undefined ? 'from ROSTERBRIDGE_MASTER_KEY' : ctx.config.masterKeyFile}`,
        ].join('\n'),
      );
    });
}
