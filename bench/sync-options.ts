/** Command-line options of bench:sync (node:util parseArgs). */
import { parseArgs } from 'node:util';
import { FULL_RUN_STUDENTS, parseEngines, positive, type BenchEngine } from './api-options.ts';

export interface SyncBenchOptions {
  readonly students: number;
  /** Engines of the TARGET store; the source is always the SQLite file our server serves. */
  readonly engines: readonly BenchEngine[];
  /** Write a CPU profile of each sync run's child into bench/out/profiles. */
  readonly cpuProf: boolean;
  /** Replace the bench:sync section of docs/benchmarks.md (default: only for the full run). */
  readonly docs: boolean;
}

export function parseSyncBenchOptions(argv: readonly string[]): SyncBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      students: { type: 'string', default: String(FULL_RUN_STUDENTS) },
      engines: { type: 'string', default: 'sqlite,postgres' },
      'cpu-prof': { type: 'boolean', default: false },
      docs: { type: 'boolean' },
      'no-docs': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const engines = parseEngines(values.engines);
  const students = positive('students', values.students);
  const fullRun = students === FULL_RUN_STUDENTS && engines.length === 2;
  return { students, engines, cpuProf: values['cpu-prof'], docs: values['no-docs'] ? false : (values.docs ?? fullRun) };
}
