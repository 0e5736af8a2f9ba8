import { basename } from 'node:path';
import { isHubError } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';
import { openBundle, type BundleReader } from '../bundle/index.ts';
import { ProblemLog, type ImportProblem } from '../problems.ts';
import type { EntityCounts } from './batched-file.ts';

/** What every import reports, whatever it imports: the outcome, each file's counts and the problems found. */
export interface ImportOutcome {
  ok: boolean;
  location: string;
  counts: Record<string, EntityCounts>;
  problems: ImportProblem[];
  /** All problems found, including those past `maxProblems`. */
  problemCount: number;
  durationMs: number;
}

/** One import under way: its open bundle, the problems and counts it gathers. */
export interface BundleImport {
  readonly bundle: BundleReader;
  readonly problems: ProblemLog;
  readonly counts: Record<string, EntityCounts>;
  /** The outcome so far: ok while no problem was found. */
  outcome(): ImportOutcome;
  /** Runs the writes in one transaction, undone when any problem was found: all or nothing. */
  allOrNothing(db: Db, write: (trx: Db) => Promise<void>): Promise<void>;
}

/** Thrown inside the transaction to undo everything when any problem was found. */
class Rollback extends Error {}

/**
 * Opens the zip or folder at `location`, runs the import on it and closes it again. A bundle that
 * cannot be opened is a problem of the report (`unopened` makes the report), not a failure.
 */
export async function importFromBundle<R>(
  location: string,
  maxProblems: number | undefined,
  steps: { unopened(outcome: ImportOutcome): R; run(open: BundleImport): Promise<R> },
): Promise<R> {
  const started = Date.now();
  const problems = new ProblemLog(maxProblems ?? 100);
  const counts: Record<string, EntityCounts> = {};
  const outcome = (): ImportOutcome => ({
    ok: !problems.any,
    location,
    counts,
    problems: problems.problems,
    problemCount: problems.count,
    durationMs: Date.now() - started,
  });
  let bundle: BundleReader;
  try {
    bundle = await openBundle(location);
  } catch (error) {
    if (!isHubError(error, 'bundle_unreadable')) throw error;
    problems.add({ file: basename(location), rule: 'bundle', message: error.message });
    return steps.unopened(outcome());
  }
  const allOrNothing = async (db: Db, write: (trx: Db) => Promise<void>): Promise<void> => {
    try {
      await db.transaction().execute(async (trx) => {
        await write(trx);
        if (problems.any) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  };
  try {
    return await steps.run({ bundle, problems, counts, outcome, allOrNothing });
  } finally {
    await bundle.close();
  }
}
