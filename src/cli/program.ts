import { Command } from 'commander';
import { registerInit } from './commands/init.ts';
import { registerServe } from './commands/serve.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerExport } from './commands/export.ts';
import { registerDemo } from './commands/demo.ts';

/** The `rosterbridge` command: global options, then one registrar per command (or group). */
export function buildProgram(): Command {
  const program = new Command('rosterbridge')
    .description('Open-source OneRoster rostering hub for K-12 districts and the applications they connect to')
    .option('--db <url>', 'database: postgres://… or sqlite:<path> (default: $DATABASE_URL, else .rosterbridge/rosterbridge.db)')
    .option('--data-dir <dir>', 'folder for the default database and the master key', undefined)
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true });
  for (const register of [registerInit, registerGenerate, registerImport, registerExport, registerDemo, registerServe]) register(program);
  return program;
}
