import { validateConnection, type ConnectionInput, type RestInput, type RestSettings, type ValidConnection } from './connection-settings.ts';
import type { Connection } from './connections.ts';
import { isSftpLocation, parseSftpLocation } from './sftp/sftp-location.ts';
import type { SftpInput } from './sftp/sftp-settings.ts';

/**
 * What an update may change; a part left out keeps its stored value. `kind` and `districtId` are
 * accepted only to refuse a change of them in words (a connection's records belong to its district,
 * and its settings to its kind). `tokenUrl` and `scope` take null to clear them.
 */
export interface ConnectionPatch {
  name?: string;
  mode?: string;
  kind?: string;
  districtId?: string;
  rest?: Partial<RestInput>;
  csv?: { location?: string; sftp?: SftpInput };
}

/** What happens to the sealed credential: kept, dropped (a location that needs none), or replaced. */
export type SecretChange = { readonly action: 'keep' } | { readonly action: 'clear' } | { readonly action: 'set'; readonly secret: string };

export type MergedConnection = { ok: true; value: ValidConnection; secret: SecretChange } | { ok: false; problems: string[] };

/**
 * The stored connection with the patch laid over it, checked by the same rules as an add (every
 * problem listed). `credential.stored`: a sealed credential exists; `credential.given`: a new one
 * comes with the update (needed when a CSV location moves onto SFTP or its login method changes).
 * Pure: no database, no network.
 */
export function mergeConnection(current: Connection, patch: ConnectionPatch, credential: { stored: boolean; given?: string }): MergedConnection {
  const problems: string[] = [];
  if (patch.kind !== undefined && patch.kind !== current.kind) {
    problems.push(`the kind of a connection cannot be changed (${current.kind}): add a new connection of kind ${patch.kind} and remove this one`);
  }
  if (patch.districtId !== undefined && patch.districtId !== current.districtId) {
    problems.push(`the district of a connection cannot be changed (its records belong to district ${current.districtId}): add a new connection for district ${patch.districtId}`);
  }
  const settingsGiven = [patch.name, patch.mode, patch.rest, patch.csv].some((part) => part !== undefined);
  if (!settingsGiven && credential.given === undefined && problems.length === 0) problems.push('nothing to change: give at least one setting');
  const base = { name: patch.name ?? current.name, districtId: current.districtId, mode: patch.mode ?? current.mode };

  if (current.kind === 'oneroster-rest') {
    if (patch.csv !== undefined) problems.push('CSV settings (location, SFTP) belong to a CSV connection; this one is oneroster-rest');
    const input: ConnectionInput = { ...base, kind: 'oneroster-rest', rest: mergeRest(current.rest, patch.rest ?? {}), clientSecret: credential.given ?? (credential.stored ? 'stored' : '') };
    const checked = validateConnection(input);
    if (!checked.ok || problems.length > 0) return { ok: false, problems: [...problems, ...(checked.ok ? [] : checked.problems)] };
    return { ok: true, value: checked.value, secret: credential.given === undefined ? { action: 'keep' } : { action: 'set', secret: credential.given } };
  }

  if (patch.rest !== undefined) problems.push('REST settings (base URL, client id, auth …) belong to a REST connection; this one is oneroster-csv');
  const location = patch.csv?.location ?? current.csv.location;
  const before = current.csv.sftp;
  if (!isSftpLocation(location)) {
    // A local location needs no credential: a sealed SFTP one is dropped with the move.
    const input: ConnectionInput = { ...base, kind: 'oneroster-csv', csv: { location, ...(patch.csv?.sftp === undefined ? {} : { sftp: patch.csv.sftp }) }, ...(credential.given === undefined ? {} : { sftpSecret: credential.given }) };
    const checked = validateConnection(input);
    if (!checked.ok || problems.length > 0) return { ok: false, problems: [...problems, ...(checked.ok ? [] : checked.problems)] };
    return { ok: true, value: checked.value, secret: credential.stored ? { action: 'clear' } : { action: 'keep' } };
  }
  const sftp: SftpInput = { ...(before ?? {}), ...(patch.csv?.sftp ?? {}) };
  if (before !== undefined && patch.csv?.sftp?.hostKey === undefined && movesToAnotherSftpServer(current, location)) {
    problems.push(`the SFTP server changed (${serverOf(location)}): pin its host key too (--sftp-host-key, sftp.hostKey), checked with its administrator`);
  }
  const loginChanged = before === undefined || (sftp.auth ?? 'password') !== before.auth;
  if (credential.given === undefined && (loginChanged || !credential.stored)) {
    problems.push(`an SFTP location with ${(sftp.auth ?? 'password') === 'password' ? 'password' : 'private-key'} login needs its credential with the update (--sftp-password-stdin or --sftp-key-file; the API's secret)`);
  }
  const input: ConnectionInput = { ...base, kind: 'oneroster-csv', csv: { location, sftp }, ...(credential.given === undefined ? {} : { sftpSecret: credential.given }) };
  // The stored credential is not re-checked (it is sealed); a new one is, against the new login method.
  const checked = validateConnection(input, { secretStored: credential.given === undefined });
  if (!checked.ok || problems.length > 0) return { ok: false, problems: [...problems, ...(checked.ok ? [] : checked.problems)] };
  return { ok: true, value: checked.value, secret: credential.given === undefined ? { action: 'keep' } : { action: 'set', secret: credential.given } };
}

/**
 * REST settings merged field by field. Moving to OAuth 1.0a drops the token URL and the scope
 * unless the patch names them (OAuth 1.0a has neither, and the rules refuse them).
 */
function mergeRest(current: RestSettings, patch: Partial<RestInput>): RestInput {
  const toOauth1 = patch.auth === 'oauth1' && current.auth !== 'oauth1';
  return {
    version: patch.version ?? current.version,
    baseUrl: patch.baseUrl ?? current.baseUrl,
    clientId: patch.clientId ?? current.clientId,
    auth: patch.auth ?? current.auth,
    tokenUrl: patch.tokenUrl !== undefined ? patch.tokenUrl : toOauth1 ? null : current.tokenUrl,
    scope: patch.scope !== undefined ? patch.scope : toOauth1 ? null : current.scope,
    pageSize: patch.pageSize ?? current.pageSize,
    concurrency: patch.concurrency ?? current.concurrency,
    timeoutMs: patch.timeoutMs ?? current.timeoutMs,
    // A layout is replaced as a whole: per-service bases given are the new set, not merged into the old one.
    paths: patch.paths ?? current.paths,
  };
}

/**
 * Whether `location` is an SFTP server (host or port) the connection is not on yet: its host key
 * must then be pinned anew. True for a connection moving onto SFTP from a local location.
 */
export function movesToAnotherSftpServer(current: Connection, location: string): boolean {
  if (!isSftpLocation(location)) return false;
  if (current.kind !== 'oneroster-csv' || !isSftpLocation(current.csv.location)) return true;
  return serverOf(location) !== serverOf(current.csv.location);
}

/** `host:port` of an sftp:// location, or the text itself when it cannot be read (the rules then say why). */
function serverOf(location: string): string {
  const parsed = parseSftpLocation(location);
  return parsed.ok ? `${parsed.value.host}:${parsed.value.port}` : location;
}
