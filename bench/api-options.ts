/** Command-line options of bench:api (node:util parseArgs; nothing to install). */
import { parseArgs } from 'node:util';

export type BenchEngine = 'sqlite' | 'postgres';

export interface ApiBenchOptions {
  readonly students: number;
  readonly engines: readonly BenchEngine[];
  /** Per scenario: at most this many requests … */
  readonly requests: number;
  /** … or this many seconds (limit=10 000 always completes one pass over every page). */
  readonly seconds: number;
  /**
   * Refresh the planner's statistics (ANALYZE) after the import. The importer does not, and without
   * them both engines sort the whole district for every page (see docs/benchmarks.md).
   */
  /** Write a CPU profile of each server child into bench/out/profiles. */
  readonly cpuProf: boolean;
  /** Replace the bench:api section of docs/benchmarks.md (default: only for the full run). */
  readonly docs: boolean;
}

export const FULL_RUN_STUDENTS = 50_000;

export function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, not '${text}'`);
  return n;
}

/** `sqlite,postgres` as the engines it names (at least one, nothing else). */
export function parseEngines(text: string): BenchEngine[] {
  const engines = text.split(',').map((e) => e.trim());
  const known = engines.filter((e): e is BenchEngine => e === 'sqlite' || e === 'postgres');
  if (known.length !== engines.length || known.length === 0) throw new Error(`--engines takes sqlite and/or postgres, not '${text}'`);
  return known;
}

export function parseApiBenchOptions(argv: readonly string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      students: { type: 'string', default: String(FULL_RUN_STUDENTS) },
      engines: { type: 'string', default: 'sqlite,postgres' },
      requests: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '15' },
      'cpu-prof': { type: 'boolean', default: false },
      docs: { type: 'boolean' },
      'no-docs': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const known = parseEngines(values.engines);
  const students = positive('students', values.students);
  const fullRun = students === FULL_RUN_STUDENTS && known.length === 2;
  return {
    students,
    engines: known,
    requests: positive('requests', values.requests),
    seconds: positive('seconds', values.seconds),
    cpuProf: values['cpu-prof'],
    docs: values['no-docs'] ? false : (values.docs ?? fullRun),
  };
}
