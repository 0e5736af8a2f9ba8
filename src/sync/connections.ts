import { cellJson, cellOptionalText, cellText, inTransaction, jsonCell, recordChange, requireBox, secretFingerprint, type ChangeContext, type Row, type SecretBox } from '../access/index.ts';
import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import type { PathsInput } from './path-layout.ts';
import type { SftpInput } from './sftp/sftp-settings.ts';
import { validateConnection, type ConnectionFields, type ConnectionInput, type CsvSettings, type RestInput, type RestSettings, type ValidConnection } from './connection-settings.ts';

/**
 * A named source for one hub district. What may be shown: never the client secret, only a
 * fingerprint that tells an admin which secret is stored (the first 8 characters of its SHA-256).
 */
export type Connection = ConnectionFields & { readonly id: string; readonly createdAt: string; readonly updatedAt: string } & (
    | { readonly kind: 'oneroster-rest'; readonly rest: RestSettings; readonly credentialFingerprint: string }
    // An sftp:// location also shows the fingerprint of its sealed password or key.
    | { readonly kind: 'oneroster-csv'; readonly csv: CsvSettings; readonly credentialFingerprint?: string }
  );

export type RestConnection = Extract<Connection, { kind: 'oneroster-rest' }>;

const COLUMNS = ['id', 'name', 'kind', 'district_id', 'mode', 'settings', 'secret_fingerprint', 'created_at', 'updated_at'] as const;

export async function listConnections(db: Db, filter: { districtId?: string } = {}): Promise<Connection[]> {
  let query = db.selectFrom('sync_connections').select([...COLUMNS]);
  if (filter.districtId !== undefined) query = query.where('district_id', '=', filter.districtId);
  return (await query.orderBy('name').orderBy('id').execute()).map(toConnection);
}

export async function getConnection(db: Db, id: string): Promise<Connection | undefined> {
  const row = await db.selectFrom('sync_connections').select([...COLUMNS]).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toConnection(row);
}

/** By id or by name. */
export async function resolveConnection(db: Db, reference: string): Promise<Connection> {
  const byId = await getConnection(db, reference);
  if (byId !== undefined) return byId;
  const row = await db.selectFrom('sync_connections').select([...COLUMNS]).where('name', '=', reference).executeTakeFirst();
  if (row === undefined) throw new HubError('not_found', `no connection '${reference}' (by id or name)`);
  return toConnection(row);
}

/** Adds a connection; the secret is sealed under the master key, bound to the new row's id. */
export async function addConnection(db: Db, ctx: ChangeContext, box: SecretBox | undefined, input: ConnectionInput): Promise<Connection> {
  const checked = validateConnection(input);
  if (!checked.ok) throw new HubError('invalid_argument', `connection is invalid: ${checked.problems.join('; ')}`, { details: checked.problems });
  const valid = checked.value;
  // Fail before writing anything when a REST secret cannot be sealed.
  const sealer = valid.clientSecret === null ? undefined : requireBox(box);
  return inTransaction(db, async (trx) => {
    const clash = await trx.selectFrom('sync_connections').select('id').where('name', '=', valid.name).executeTakeFirst();
    if (clash !== undefined) throw new HubError('conflict', `a connection named '${valid.name}' already exists (names are unique)`);
    const id = newId();
    const stamp = isoTimestamp(ctx.clock.now());
    await trx.insertInto('sync_connections').values({ id, ...connectionRow(valid), ...sealedSecret(sealer, id, valid.clientSecret), created_at: stamp, updated_at: stamp }).execute();
    const created = await requireConnection(trx, id);
    await recordChange(trx, ctx, { action: 'connection.add', targetType: 'connection', targetId: id, before: null, after: created });
    return created;
  });
}

/** The stored secret in plaintext (a REST client secret, an SFTP password or key), for the client that uses it. */
export async function openConnectionSecret(db: Db, box: SecretBox | undefined, connection: Connection): Promise<string> {
  const what = connection.kind === 'oneroster-rest' ? 'client secret' : 'SFTP credential';
  const row = await db.selectFrom('sync_connections').select(['sealed_secret']).where('id', '=', connection.id).executeTakeFirst();
  const value = row === undefined ? null : cellOptionalText(row, 'sealed_secret');
  if (value === null) throw new HubError('not_found', `connection ${connection.name} has no stored ${what}`);
  try {
    return requireBox(box).open(value, sealContext(connection.id));
  } catch (cause) {
    if (cause instanceof HubError) throw cause;
    throw new HubError('config_invalid', `the ${what} of connection ${connection.name} cannot be opened: is this the master key it was stored with?`, { cause });
  }
}

export async function requireConnection(db: Db, id: string): Promise<Connection> {
  const found = await getConnection(db, id);
  if (found === undefined) throw new HubError('not_found', `no connection with id '${id}'`);
  return found;
}

/** Whether a credential is stored (sealed) for the connection. */
export async function hasStoredSecret(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('sync_connections').select(['sealed_secret']).where('id', '=', id).executeTakeFirst();
  return row !== undefined && cellOptionalText(row, 'sealed_secret') !== null;
}

/** The secret columns: the secret sealed under the box, bound to the row id, and its fingerprint; both null without a secret. */
export function sealedSecret(box: SecretBox | undefined, id: string, secret: string | null): { sealed_secret: string | null; secret_fingerprint: string | null } {
  if (secret === null || box === undefined) return { sealed_secret: null, secret_fingerprint: null };
  return { sealed_secret: box.seal(secret, sealContext(id)), secret_fingerprint: secretFingerprint(secret) };
}

function sealContext(id: string): string {
  return `sync-connection:${id}`;
}

/** The columns a connection's settings are stored in (not the secret, not the run state). */
export function connectionRow(v: ValidConnection): Row {
  const settings = v.kind === 'oneroster-rest' ? v.rest : v.csv;
  return { name: v.name, kind: v.kind, district_id: v.districtId, mode: v.mode, settings: jsonCell(settings) };
}

/** Rows are re-validated on the way out, so a hand-edited row cannot hand the client nonsense. */
function toConnection(row: Row): Connection {
  const base = {
    id: cellText(row, 'id'),
    name: cellText(row, 'name'),
    districtId: cellText(row, 'district_id'),
    mode: cellText(row, 'mode'),
  };
  const settings = cellJson(row, 'settings');
  const kind = cellText(row, 'kind');
  const input: ConnectionInput =
    kind === 'oneroster-rest'
      ? // The secret lives in its own column; a placeholder lets the same rules check the rest.
        { ...base, kind, rest: restInput(settings), clientSecret: 'stored' }
      : { ...base, kind: 'oneroster-csv', csv: csvInput(settings) };
  const checked = validateConnection(input, { secretStored: true });
  if (!checked.ok || (kind !== 'oneroster-rest' && kind !== 'oneroster-csv')) {
    throw new HubError('internal', `connection ${base.id} is stored with unreadable settings: ${checked.ok ? `kind ${kind}` : checked.problems.join('; ')}`);
  }
  const v = checked.value;
  const stamps = { id: base.id, createdAt: cellText(row, 'created_at'), updatedAt: cellText(row, 'updated_at') };
  const fields = { name: v.name, districtId: v.districtId, mode: v.mode };
  if (v.kind === 'oneroster-csv') {
    const fingerprint = cellOptionalText(row, 'secret_fingerprint');
    return { ...stamps, ...fields, kind: v.kind, csv: v.csv, ...(v.csv.sftp === undefined ? {} : { credentialFingerprint: fingerprint ?? '' }) };
  }
  return { ...stamps, ...fields, kind: v.kind, rest: v.rest, credentialFingerprint: cellOptionalText(row, 'secret_fingerprint') ?? '' };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : {};
}

function csvInput(settings: unknown): { location: string; sftp?: SftpInput } {
  const s = record(settings);
  const location = typeof s['location'] === 'string' ? s['location'] : '';
  if (s['sftp'] === undefined) return { location };
  const sftp = record(s['sftp']);
  const text = (name: string): string | undefined => (typeof sftp[name] === 'string' ? sftp[name] : undefined);
  const timeoutMs = typeof sftp['timeoutMs'] === 'number' ? sftp['timeoutMs'] : undefined;
  const auth = text('auth');
  const hostKey = text('hostKey');
  return { location, sftp: { ...(auth === undefined ? {} : { auth }), ...(hostKey === undefined ? {} : { hostKey }), ...(timeoutMs === undefined ? {} : { timeoutMs }) } };
}

function restInput(settings: unknown): RestInput {
  const s = record(settings);
  const optionalText = (name: string): string | null => {
    const value = s[name];
    return typeof value === 'string' ? value : null;
  };
  const text = (name: string): string => optionalText(name) ?? '';
  const num = (name: string): number | undefined => {
    const value = s[name];
    return typeof value === 'number' ? value : undefined;
  };
  const pageSize = num('pageSize');
  const concurrency = num('concurrency');
  const timeoutMs = num('timeoutMs');
  const paths = pathsInput(s['paths']);
  return {
    version: text('version'),
    baseUrl: text('baseUrl'),
    tokenUrl: optionalText('tokenUrl'),
    clientId: text('clientId'),
    auth: text('auth'),
    scope: optionalText('scope'),
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(paths === undefined ? {} : { paths }),
  };
}

/** A stored layout: a name, or per-service bases; a row from before the setting has none (standard). */
function pathsInput(value: unknown): PathsInput | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  const bases = record(value);
  return Object.fromEntries(Object.entries(bases).map(([service, prefix]) => [service, typeof prefix === 'string' ? prefix : '']));
}
