import { Command } from 'commander';
import { registerInit } from './commands/init.ts';
import { registerServe } from './commands/serve.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerAttendance } from './commands/attendance.ts';
import { registerExport } from './commands/export.ts';
import { registerDemo } from './commands/demo.ts';
import { registerIntegrations } from './commands/integrations.ts';
import { registerAccess } from './commands/access.ts';
import { registerConfig } from './commands/config.ts';
import { registerProducts } from './commands/products.ts';
import { registerAudit } from './commands/audit.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerTombstones } from './commands/tombstones.ts';
import { registerConnection } from './commands/connection.ts';
import { registerWorker } from './commands/worker.ts';

/** The `rosterbridge` command: global options, then one registrar per command (or group). */
export function buildProgram(): Command {
  const program = new Command('rosterbridge')
    .description('Open-source OneRoster rostering hub for K-12 districts and the applications they connect to')
    .option('--db <url>', 'database: postgres://… or sqlite:<path> (default: $DATABASE_URL, else .rosterbridge/rosterbridge.db)')
    .option('--data-dir <dir>', 'folder for the default database and the master key', undefined)
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true });
  const registrars = [registerInit, registerGenerate, registerImport, registerAttendance, registerExport, registerDemo, registerServe, registerTombstones];
  const accessRegistrars = [registerIntegrations, registerAccess, registerConfig, registerProducts, registerAudit, registerAdmin];
  const syncRegistrars = [registerConnection, registerWorker];
  for (const register of [...registrars, ...accessRegistrars, ...syncRegistrars]) register(program);
  return program;
}
