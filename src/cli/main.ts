import { isHubError } from '../kernel/index.ts';
import { buildProgram } from './program.ts';

/** The one place a failure becomes an exit code and one clear line. */
async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    const message = isHubError(error) || error instanceof Error ? error.message : String(error);
    process.stderr.write(`rosterbridge: ${message}\n`);
    if (process.env.ROSTERBRIDGE_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = isHubError(error, 'import_rejected') ? 3 : 1;
  }
}

await main();
