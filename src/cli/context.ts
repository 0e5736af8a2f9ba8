import type { Command } from 'commander';
import { loadConfig, type HubConfig } from '../config/index.ts';
import { hubTableSpecs } from '../hub/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { createOutput, type Output } from './output.ts';

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  db?: string;
  dataDir?: string;
  json?: boolean;
}

/** What a command gets: its configuration, its output, and a way to open the store. */
export interface CommandContext {
  readonly config: HubConfig;
  readonly output: Output;
  withStore<T>(fn: (store: Store) => Promise<T>): Promise<T>;
}

export function commandContext(command: Command, overrides: { port?: string; host?: string } = {}): CommandContext {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig(process.env, { db: globals.db, dataDir: globals.dataDir, ...overrides });
  const output = createOutput(globals.json === true);
  return {
    config,
    output,
    async withStore(fn) {
      const store = await openStore({ url: config.databaseUrl, extraTables: hubTableSpecs() });
      try {
        return await fn(store);
      } finally {
        await store.close();
      }
    },
  };
}
