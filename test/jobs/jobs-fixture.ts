import { createWorker, jobQueueFor, jobTableSpecs, type JobQueue, type RunTrigger, type Worker, type WorkerEvent } from '../../src/jobs/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { createTestDatabase, type Engine } from '../support/engines.ts';

export interface JobsFixture {
  readonly store: Store;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly url: string;
  /** A started queue of the store's engine (pg-boss maintenance off: tests drive every step). */
  queue(store?: Store): Promise<JobQueue>;
  close(): Promise<void>;
}

export async function openJobsFixture(engine: Engine, start = '2026-01-09T12:00:00Z'): Promise<JobsFixture> {
  const database = await createTestDatabase(engine);
  const clock = fixedClock(start);
  const stores: Store[] = [];
  const queues: JobQueue[] = [];
  // Only the jobs tables, deliberately: the queue and the worker are tested with a fake job, and a
  // table another module adds cannot hide a query that strays outside the jobs' own.
  const open = async (): Promise<Store> => {
    const s = await openStore({ url: database.url, clock, extraTables: jobTableSpecs() });
    stores.push(s);
    return s;
  };
  const store = await open();
  return {
    store,
    clock,
    url: database.url,
    async queue(on = store) {
      const q = jobQueueFor(on, { supervise: false });
      await q.start('worker');
      queues.push(q);
      return q;
    },
    async close() {
      for (const q of queues) await q.stop();
      for (const s of stores) await s.close();
      await database.drop();
    },
  };
}

/** Opens another store on the same database: what a second process would hold. */
export async function openSecondStore(f: JobsFixture): Promise<Store> {
  return openStore({ url: f.url, clock: f.clock, extraTables: jobTableSpecs() });
}

export interface Call {
  readonly connectionId: string;
  readonly trigger: RunTrigger;
}

/** A fake sync job that records its calls; `hold()` makes the next calls block until released. */
export function fakeJob(): { calls: Call[]; job: (id: string, o: { trigger: RunTrigger }) => Promise<unknown>; hold(): () => void; failWith(error: Error | undefined): void } {
  const calls: Call[] = [];
  let gate: Promise<void> | undefined;
  let failure: Error | undefined;
  return {
    calls,
    async job(connectionId, options) {
      calls.push({ connectionId, trigger: options.trigger });
      if (gate !== undefined) await gate;
      if (failure !== undefined) throw failure;
      return { ok: true };
    },
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    failWith(error) {
      failure = error;
    },
  };
}

/** The next event matching `type` (tests wait on events, never on time). */
export function nextEvent(worker: Worker, type: WorkerEvent['type']): Promise<WorkerEvent> {
  return new Promise((resolve) => {
    const off = worker.on((event) => {
      if (event.type !== type) return;
      off();
      resolve(event);
    });
  });
}

/**
 * Claims until something is claimed, a bounded number of times: pg-boss makes a job claimable
 * once the database clock is past its creation, which is not the instant the enqueue returns.
 */
export async function workUntilClaimed(worker: Worker, attempts = 50): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const claimed = await worker.workOnce();
    if (claimed.length > 0) return claimed.length;
  }
  return 0;
}

export function workerFor(queue: JobQueue, job: ReturnType<typeof fakeJob>): Worker {
  return createWorker({ queue, job: job.job });
}
