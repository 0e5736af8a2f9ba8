import type { SecretBox } from '../../access/index.ts';
import { listOutbox, markOutbox, type OutboxStatus } from '../../gradebook/index.ts';
import { HubError, isoTimestamp, type Clock } from '../../kernel/index.ts';
import { entityDecl, type AnyRecord, type EntityName } from '../../model/index.ts';
import { readRecords, type Db, type StoreDialect } from '../../store/index.ts';
import { createOneRosterClient, type OneRosterClient } from '../client/oneroster-client.ts';
import { recordPath } from '../client/oneroster-paths.ts';
import { codeMinorOf, remoteDetails } from '../client/remote-failure.ts';
import type { RetryPolicy } from '../client/retry-policy.ts';
import type { ClientDeps } from '../client/transport.ts';
import { listConnections, openConnectionSecret, type Connection, type RestConnection } from '../connections.ts';
import { idPrefixOf, pushBody, remoteId } from './push-body.ts';
import { judgeAnswer, judgeUnreachable, judgeUnsupported, planPush, type Judgement, type PushStep } from './push-plan.ts';

/** What a push needs: the store's executor and dialect, the hub's clock, the key that opens the secret, the client's I/O. */
export interface PushDeps {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  readonly box: SecretBox | undefined;
  readonly client: ClientDeps;
  readonly retry?: RetryPolicy;
}

/** Counts are of records (one record's rows are pushed together); `rows` is how many outbox rows were taken. */
export interface PushReport {
  readonly connection: string;
  readonly rows: number;
  readonly pushed: number;
  readonly failed: number;
  /** Left pending for the next run (the SIS was busy or away). */
  readonly retryLater: number;
  /** Why the run stopped before the end of the batch, in plain words; null when it did not. */
  readonly stopped: string | null;
}

/** Outbox rows taken per run; the next run takes the next ones. */
const BATCH = 1000;

/** The connection as a two-way REST connection that alone delivers its district's outbox, or a coded error. */
async function twoWay(db: Db, connection: Connection): Promise<RestConnection> {
  if (connection.kind !== 'oneroster-rest' || connection.mode !== 'two-way') {
    throw new HubError('invalid_argument', `connection ${connection.name} does not push grades: only a two-way OneRoster REST connection does (its mode is ${connection.mode}, kind ${connection.kind})`);
  }
  const others = (await listConnections(db, { districtId: connection.districtId })).filter((c) => c.mode === 'two-way' && c.id !== connection.id);
  if (others.length > 0) {
    // One outbox per district: two receivers would race for the same rows.
    throw new HubError('conflict', `district ${connection.districtId} has more than one two-way connection (${[connection, ...others].map((c) => c.name).join(', ')}); grades go back to one SIS`);
  }
  return connection;
}

/**
 * Pushes the district's pending gradebook writes to the connection's SIS, oldest first, one request
 * per record with its current state (see planPush), and records each outcome on the rows. Not one
 * transaction with the SIS (there is none to share): a crash between the SIS's answer and the mark
 * leaves the row pending, and pushing it again is harmless (PUT replaces; a DELETE answered 404 is done).
 */
export async function pushConnection(deps: PushDeps, connection: Connection): Promise<PushReport> {
  const rest = await twoWay(deps.db, connection);
  const rows = await listOutbox(deps.db, rest.districtId, { status: 'pending', limit: BATCH });
  const counts: Record<OutboxStatus, number> = { pending: 0, pushed: 0, failed: 0 };
  const report = (stopped: string | null): PushReport => ({ connection: rest.name, rows: rows.length, pushed: counts.pushed, failed: counts.failed, retryLater: counts.pending, stopped });
  if (rows.length === 0) return report(null);

  const current = await currentRecords(deps, rows);
  const steps = planPush(rows, (entity, id) => current.get(entity)?.get(id)?.status === 'active');
  const secret = await openConnectionSecret(deps.db, deps.box, rest);
  const client = createOneRosterClient(rest.rest, secret, deps.client, deps.retry === undefined ? {} : { retry: deps.retry });
  const prefix = idPrefixOf(connection);

  for (const step of steps) {
    const record = current.get(step.entity)?.get(step.sourcedId);
    const judgement = await pushStep(client, rest, step, record, prefix);
    await markOutbox(deps.db, step.rowIds, judgement.delivery, isoTimestamp(deps.clock.now()));
    counts[judgement.delivery.status] += 1;
    if (judgement.stop) return report(judgement.delivery.lastError);
  }
  return report(null);
}

async function pushStep(client: OneRosterClient, connection: RestConnection, step: PushStep, record: AnyRecord | undefined, prefix: string | undefined): Promise<Judgement> {
  const { version, paths } = connection.rest;
  const entity = entityDecl(step.entity);
  if (!entity.versions.includes(version)) return judgeUnsupported(step.entity, version);
  const path = recordPath(version, entity, remoteId(step.sourcedId, prefix), paths);
  try {
    const answer =
      step.method === 'PUT' && record !== undefined
        ? await client.write('PUT', path, pushBody(entity, record, connection.rest, prefix))
        : await client.write('DELETE', path);
    return judgeAnswer(step.method, answer.status, codeMinorOf(answer.body), step.attempts);
  } catch (error) {
    if (!(error instanceof HubError) || !['remote_unreachable', 'remote_rejected', 'remote_malformed'].includes(error.code)) throw error;
    return judgeUnreachable(step.attempts, unreachableWords(error));
  }
}

/** Plain words from the client's coded error: the reason and status, never the path (it names a record). */
function unreachableWords(error: HubError): string {
  const details = remoteDetails(error);
  if (details?.endpoint === 'token') return `the SIS would not issue a token${details.status === undefined ? '' : ` (${details.status})`}`;
  if (details?.reason === 'timeout') return 'the SIS did not answer in time';
  if (details?.reason === 'retry_after_too_long') return 'the SIS asked to wait longer than allowed';
  return 'could not reach the SIS';
}

/** The records the rows name, as the store holds them now (tombstones included), per entity. */
async function currentRecords(deps: PushDeps, rows: ReadonlyArray<{ entity: EntityName; sourcedId: string }>): Promise<Map<EntityName, Map<string, AnyRecord>>> {
  const ids = new Map<EntityName, Set<string>>();
  for (const row of rows) ids.set(row.entity, (ids.get(row.entity) ?? new Set()).add(row.sourcedId));
  const out = new Map<EntityName, Map<string, AnyRecord>>();
  for (const [name, set] of ids) out.set(name, await readRecords(deps.db, deps.dialect, entityDecl(name), set));
  return out;
}
