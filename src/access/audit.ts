import { isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { cellJson, cellNumber, cellOptionalText, cellText, jsonCell, type Row } from './cells.ts';
import type { ChangeContext } from './change-context.ts';

/** One authenticated API call, as the provider reports it. */
export interface ApiCallRecord {
  readonly accessId: string;
  readonly integrationId: string;
  readonly method: string;
  /** Path without the query string (filter values may name students). */
  readonly endpoint: string;
  readonly status: number;
  readonly records: number;
  readonly durationMs: number;
  readonly at: Date;
}

export interface ChangeRecord {
  readonly action: string;
  readonly targetType: 'integration' | 'access' | 'secret' | 'oneroster_configuration' | 'attendance_configuration' | 'product' | 'admin' | 'connection';
  readonly targetId: string;
  readonly before: unknown;
  readonly after: unknown;
}

export type AuditEntry =
  | ({ id: string; at: string; kind: 'api' } & Omit<ApiCallRecord, 'at'>)
  | { id: string; at: string; kind: 'change'; actor: string; action: string; targetType: string; targetId: string; before: unknown; after: unknown };

export interface AuditQuery {
  accessId?: string;
  integrationId?: string;
  kind?: 'api' | 'change';
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
  limit?: number;
}

/** Names that must never reach the audit log, whatever object a caller passes as before/after. */
const SECRET_NAMES = /secret|sealed|hash|password|token/i;

/** Drops secret-bearing properties (deeply); fingerprints are kept, they are not reversible. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    if (SECRET_NAMES.test(name) && name !== 'fingerprint') continue;
    out[name] = withoutSecrets(inner);
  }
  return out;
}

/** Called by the API provider once per authenticated request. */
export async function recordApiCall(db: Db, call: ApiCallRecord): Promise<void> {
  await db
    .insertInto('access_audit')
    .values({
      id: newId(),
      at: isoTimestamp(call.at),
      kind: 'api',
      access_id: call.accessId,
      integration_id: call.integrationId,
      method: call.method.toUpperCase(),
      endpoint: call.endpoint.split('?')[0] ?? call.endpoint,
      status: call.status,
      records: call.records,
      duration_ms: Math.round(call.durationMs),
    })
    .execute();
}

/** An admin change; call it with the transaction that makes the change. */
export async function recordChange(db: Db, ctx: ChangeContext, change: ChangeRecord, link: { accessId?: string; integrationId?: string } = {}): Promise<void> {
  await db
    .insertInto('access_audit')
    .values({
      id: newId(),
      at: isoTimestamp(ctx.clock.now()),
      kind: 'change',
      access_id: link.accessId ?? null,
      integration_id: link.integrationId ?? null,
      actor: ctx.actor,
      action: change.action,
      target_type: change.targetType,
      target_id: change.targetId,
      before: jsonCell(withoutSecrets(change.before)),
      after: jsonCell(withoutSecrets(change.after)),
    })
    .execute();
}

/** Newest first. "What did this vendor read last night?" = by access or integration and a time range. */
export async function queryAudit(db: Db, query: AuditQuery = {}): Promise<AuditEntry[]> {
  let select = db.selectFrom('access_audit').select([
    'id', 'at', 'kind', 'access_id', 'integration_id', 'method', 'endpoint', 'status', 'records', 'duration_ms',
    'actor', 'action', 'target_type', 'target_id', 'before', 'after',
  ]);
  if (query.accessId !== undefined) select = select.where('access_id', '=', query.accessId);
  if (query.integrationId !== undefined) select = select.where('integration_id', '=', query.integrationId);
  if (query.kind !== undefined) select = select.where('kind', '=', query.kind);
  if (query.from !== undefined) select = select.where('at', '>=', isoTimestamp(query.from));
  if (query.to !== undefined) select = select.where('at', '<', isoTimestamp(query.to));
  const rows = await select.orderBy('at', 'desc').orderBy('id').limit(Math.min(Math.max(query.limit ?? 100, 1), 10_000)).execute();
  return rows.map(toEntry);
}

/** Deletes entries older than `before`; returns how many went. */
export async function purgeAudit(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('access_audit').where('at', '<', isoTimestamp(before)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toEntry(row: Row): AuditEntry {
  const base = { id: cellText(row, 'id'), at: cellText(row, 'at') };
  if (cellText(row, 'kind') === 'api') {
    return {
      ...base,
      kind: 'api',
      accessId: cellText(row, 'access_id'),
      integrationId: cellText(row, 'integration_id'),
      method: cellText(row, 'method'),
      endpoint: cellText(row, 'endpoint'),
      status: cellNumber(row, 'status') ?? 0,
      records: cellNumber(row, 'records') ?? 0,
      durationMs: cellNumber(row, 'duration_ms') ?? 0,
    };
  }
  return {
    ...base,
    kind: 'change',
    actor: cellOptionalText(row, 'actor') ?? '',
    action: cellOptionalText(row, 'action') ?? '',
    targetType: cellOptionalText(row, 'target_type') ?? '',
    targetId: cellOptionalText(row, 'target_id') ?? '',
    before: cellJson(row, 'before'),
    after: cellJson(row, 'after'),
  };
}
