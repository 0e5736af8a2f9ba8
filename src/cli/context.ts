import type { Command } from 'commander';
import { loadConfig, type HubConfig } from '../config/index.ts';
import { accessTableSpecs } from '../access/index.ts';
import { gradebookTableSpecs } from '../gradebook/index.ts';
import { openStore, type Store, type TableSpec } from '../store/index.ts';
import { runTableSpecs, syncTableSpecs } from '../sync/index.ts';
import { jobTableSpecs } from '../jobs/index.ts';
import { createOutput, type Output } from './output.ts';

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  db?: string;
  dataDir?: string;
  json?: boolean;
}

/** Every table beside the roster: each command's store has all of them, whichever it touches. */
export function hubTableSpecs(): TableSpec[] {
  return [...accessTableSpecs(), ...syncTableSpecs(), ...runTableSpecs(), ...gradebookTableSpecs(), ...jobTableSpecs()];
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
