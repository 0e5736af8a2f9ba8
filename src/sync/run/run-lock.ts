import { hostname } from 'node:os';
import { jsonCell } from '../../access/index.ts';
import { HubError, isoTimestamp, newId, type Clock } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';
import type { RunTrigger } from './sync-run.ts';

/** A running run that has not beaten its heart for this long is taken for dead, wherever it ran. */
export const STALE_AFTER_MS = 30 * 60 * 1000;

/** Who runs a run: `host:pid`, so a process on the same host can tell a crashed run from a live one. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether the run's owner is certainly gone: a process of this host that no longer exists. */
function ownerIsGone(owner: string | null): boolean {
  if (owner === null) return true;
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but is not ours to signal.
    return !(error instanceof Error && 'code' in error && error.code === 'EPERM');
  }
}

/** The run that holds a connection's lock: held, or running (`stale` when it is taken for dead). */
export interface LockHolder {
  readonly id: string;
  readonly status: 'held' | 'running';
  readonly startedAt: string;
  readonly stale: boolean;
}

/** Who holds the connection's lock now, judged as claimRun judges it; undefined when it is free. */
export async function lockHolder(db: Db, now: Date, connectionId: string, staleAfterMs = STALE_AFTER_MS): Promise<LockHolder | undefined> {
  const holder = await db.selectFrom('sync_runs').select(['id', 'status', 'owner', 'heartbeat_at', 'started_at']).where('lock', '=', connectionId).executeTakeFirst();
  if (holder === undefined) return undefined;
  const startedAt = String(holder.started_at);
  if (holder.status === 'held') return { id: String(holder.id), status: 'held', startedAt, stale: false };
  const beat = Date.parse(String(holder.heartbeat_at ?? holder.started_at));
  const stale = ownerIsGone(holder.owner === null ? null : String(holder.owner)) || now.getTime() - beat > staleAfterMs;
  return { id: String(holder.id), status: 'running', startedAt, stale };
}

/** Marks a dead run failed and frees its lock; what it staged goes (nothing of it was committed). */
export async function releaseDeadRun(db: Db, runId: string, stamp: string, releasedBy: string): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({ status: 'failed', lock: null, finished_at: stamp, errors: jsonCell([`the process running it stopped without finishing (crashed or killed); nothing it staged was committed. Released by ${releasedBy}.`]) })
    .where('id', '=', runId)
    .execute();
  await db.deleteFrom('sync_changes').where('run_id', '=', runId).execute();
}

/**
 * Refuses to update or remove a connection while a run of it is running (a dead one is released
 * instead) and, when `held` is `refuse`, while one is held for approval.
 */
export async function refuseWhileRunning(db: Db, now: Date, connection: { id: string; name: string }, action: 'update' | 'remove', options: { held: 'allow' | 'refuse' }): Promise<void> {
  const holder = await lockHolder(db, now, connection.id);
  if (holder === undefined) return;
  if (holder.status === 'held') {
    if (options.held === 'allow') return;
    throw new HubError('conflict', `run ${holder.id} of ${connection.name} is held for approval: reject it first (rosterbridge connection reject ${holder.id}), then ${action} the connection`);
  }
  if (!holder.stale) throw new HubError('conflict', `a run of ${connection.name} is running (run ${holder.id}, since ${holder.startedAt}): ${action} the connection once it has finished`);
  await releaseDeadRun(db, holder.id, isoTimestamp(now), `the ${action} of the connection`);
}

/**
 * Claims the connection's lock and records a new running run, in one transaction. The lock is the
 * `lock` column (unique): it holds the connection id while a run is running or held. A held run
 * refuses a new one until a person decides; a running one refuses it unless it is stale — its
 * process on this host is gone, or its heartbeat is older than STALE_AFTER_MS — and then it is
 * marked failed and released. Two processes claiming at once: the unique index lets one win.
 */
export async function claimRun(db: Db, clock: Clock, connectionId: string, options: { trigger: RunTrigger; full: boolean; staleAfterMs?: number }): Promise<string> {
  const now = clock.now();
  const stamp = isoTimestamp(now);
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      const holder = await lockHolder(trx, now, connectionId, options.staleAfterMs);
      if (holder !== undefined) {
        if (holder.status === 'held') throw new HubError('conflict', `run ${holder.id} of this connection is held for approval: approve or reject it before another run starts`);
        if (!holder.stale) throw new HubError('conflict', `run ${holder.id} of this connection is still running (since ${holder.startedAt}); two runs of one connection never overlap`);
        await releaseDeadRun(trx, holder.id, stamp, `run ${id}`);
      }
      await trx
        .insertInto('sync_runs')
        .values({ id, connection_id: connectionId, status: 'running', trigger: options.trigger, full_read: options.full ? 1 : 0, lock: connectionId, owner: currentOwner(), started_at: stamp, heartbeat_at: stamp, problem_count: 0, change_count: 0 })
        .execute();
    });
  } catch (error) {
    if (error instanceof HubError) throw error;
    // The unique lock index refused a second claim made at the same moment.
    const winner = await db.selectFrom('sync_runs').select(['id']).where('lock', '=', connectionId).executeTakeFirst();
    if (winner !== undefined) throw new HubError('conflict', `run ${String(winner.id)} of this connection started at the same moment; two runs of one connection never overlap`);
    throw error;
  }
  return id;
}

/** Tells other processes the run is alive. */
export async function heartbeat(db: Db, clock: Clock, runId: string): Promise<void> {
  await db.updateTable('sync_runs').set({ heartbeat_at: isoTimestamp(clock.now()) }).where('id', '=', runId).where('status', '=', 'running').execute();
}

/**
 * A heartbeat a run can call after every batch: it writes only when `everyMs` have passed on the
 * clock since its last write. The lock is taken for dead after STALE_AFTER_MS (30 minutes), so one
 * write every few seconds says enough; a write per 500 records was hundreds of writes a run.
 */
export function throttledHeartbeat(db: Db, clock: Clock, runId: string, everyMs = 5000): () => Promise<void> {
  let last: number | undefined;
  return async () => {
    const now = clock.now().getTime();
    if (last !== undefined && now - last < everyMs) return;
    last = now;
    await heartbeat(db, clock, runId);
  };
}
