/**
 * Child process of bench/sync.ts: one sync run of the bench connection into the target store,
 * through the real runSync with the system clock and the system HTTP client. Its own process, so
 * the peak memory it reports (maxRSS) is that of the run alone. Reports a SyncRunResult over IPC.
 */
import { createSecretBox, parseMasterKey } from '../src/access/index.ts';
import { hubTableSpecs } from '../src/hub/index.ts';
import { systemClock } from '../src/kernel/index.ts';
import { openStore } from '../src/store/index.ts';
import { runSync, systemClientDeps, type EntityRunCounts, type RunStatus } from '../src/sync/index.ts';
import { initMessage } from './child-server.ts';

export interface SyncRunPlan {
  readonly type: 'run';
  readonly url: string;
  readonly connectionId: string;
  /** The bench's throw-away master key (over IPC, never argv): it opens the connection's secret. */
  readonly masterKey: string;
}

export interface SyncRunResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly status: RunStatus;
  readonly counts: Partial<Record<string, EntityRunCounts>>;
  /** Plain words only (a run's errors and reasons never carry records or secrets). */
  readonly errors: readonly string[];
  readonly reasons: readonly string[];
  readonly problemCount: number;
}

const plan = (await initMessage()) as SyncRunPlan;
const store = await openStore({ url: plan.url, extraTables: hubTableSpecs() });
try {
  const box = createSecretBox(parseMasterKey(plan.masterKey));
  const started = performance.now();
  const run = await runSync({ store, box, clientDeps: systemClientDeps(), clock: systemClock }, plan.connectionId, { trigger: 'manual' });
  const ms = performance.now() - started;
  const result: SyncRunResult = { ms, maxRssMb: process.resourceUsage().maxRSS / 1024, status: run.status, counts: run.counts, errors: run.errors, reasons: run.reasons, problemCount: run.problemCount };
  process.send?.(result);
} finally {
  await store.close();
  process.disconnect?.();
}
